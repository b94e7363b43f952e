// The scheduled purge: trash entries whose time is up leave for good. Run by
// every backend process on a timer and by `tessera trash purge-expired`
// (cron). Several runs at once are harmless: each is one transaction that
// deletes what is still there. Their blobs are left to `tessera pack`.
import type { Storage } from '../ports/storage.js';

export interface ExpiredPurged {
  entries: number;
  objects: number;
}

export async function purgeExpiredTrash(storage: Storage, now = new Date()): Promise<ExpiredPurged> {
  const at = now.toISOString();
  // A cheap read first: most runs find nothing and then write no transaction.
  const { total } = await storage.read((tx) =>
    tx.trashEntries({ tokens: null, expiredAt: at, start: 0, limit: 1 }),
  );
  if (total === 0) return { entries: 0, objects: 0 };
  return storage.write({ principal: null, note: 'trash: purge expired', path: '' }, (tx) =>
    tx.purgeTrash({ expiredAt: at }),
  );
}
