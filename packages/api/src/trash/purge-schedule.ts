// The scheduled trash purge inside a backend process: every
// `trashPurgeInterval` seconds, entries whose time is up leave for good
// (core/content/trash-purge.ts). The timer never keeps the process alive.
import { type Config, purgeExpiredTrash, type Storage } from '@tessera/core';
import type { FastifyBaseLogger } from 'fastify';

export function scheduleTrashPurge(config: Config, storage: Storage, log: FastifyBaseLogger): () => void {
  const seconds = config.trashPurgeInterval;
  if (seconds <= 0 || config.trashDays <= 0) return () => {};
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    purgeExpiredTrash(storage)
      .then((done) => {
        if (done.entries) log.info({ ...done }, 'trash: purged expired entries');
      })
      .catch((err) => log.error({ err }, 'trash: scheduled purge failed'))
      .finally(() => {
        running = false;
      });
  }, seconds * 1000);
  timer.unref();
  return () => clearInterval(timer);
}
