// `tessera serve --workers N`: a supervisor process forks N backend processes
// that share the listening socket (node:cluster hands out connections round
// robin). Each worker has its own caches and database pool; they stay
// coherent through the database (Site.sync() at every request, see
// docs/decisions/0002 and 0019-many-processes). The supervisor serves nothing
// itself: it restarts a worker that dies, forwards SIGUSR2 (log reopen),
// aggregates the workers' /metrics, and on SIGTERM/SIGINT has every worker
// drain (finish its requests, see drain.ts) before it exits itself.
import cluster, { type Worker } from 'node:cluster';
import { answerWorkerMetrics } from '@tessera/api';
import type { Config } from '@tessera/core';
import type { Logger } from 'pino';

/** A worker that dies sooner than this after its start counts towards a crash loop. */
const EARLY_DEATH_MS = 10_000;
const MAX_EARLY_DEATHS = 5;

export function superviseWorkers(config: Config, logger: Logger): Promise<number> {
  return new Promise<number>((resolve) => {
    let stopping = false;
    let earlyDeaths = 0;
    const started = new Map<number, number>();
    const listening = new Set<number>();
    let announced = false;

    if (config.metrics) answerWorkerMetrics();

    const fork = () => {
      const worker = cluster.fork();
      started.set(worker.id, Date.now());
      return worker;
    };

    cluster.on('listening', (worker: Worker, address) => {
      listening.add(worker.id);
      if (announced || listening.size < config.workers) return;
      announced = true;
      const host = address.address?.includes(':') ? `[${address.address}]` : (address.address ?? config.host);
      const url = `http://${host}:${address.port}`;
      logger.info({ address: url, workers: config.workers }, 'tessera backend listening');
      process.stdout.write(`Tessera backend listening at ${url} (${config.workers} workers)\n`);
    });

    cluster.on('exit', (worker: Worker, code, signal) => {
      listening.delete(worker.id);
      const lived = Date.now() - (started.get(worker.id) ?? 0);
      started.delete(worker.id);
      if (stopping) {
        if (Object.keys(cluster.workers ?? {}).length === 0) {
          logger.info('all workers stopped');
          resolve(0);
          process.exit(0);
        }
        return;
      }
      logger.error({ pid: worker.process.pid, code, signal }, 'worker died; starting a new one');
      earlyDeaths = lived < EARLY_DEATH_MS ? earlyDeaths + 1 : 0;
      if (earlyDeaths >= MAX_EARLY_DEATHS) {
        logger.fatal('workers keep dying right after start; giving up');
        stopAll('crash loop');
        return;
      }
      // Back off a little when workers die young (a database that is down at start).
      setTimeout(fork, earlyDeaths * 500).unref();
    });

    const stopAll = (signal: string) => {
      if (stopping) return;
      stopping = true;
      logger.info({ signal }, 'stopping workers');
      const workers = Object.values(cluster.workers ?? {});
      if (workers.length === 0) {
        resolve(0);
        process.exit(0);
      }
      for (const w of workers) w?.process.kill('SIGTERM');
      // Each worker bounds its own drain; one that hangs beyond that (and a margin) is killed.
      setTimeout(
        () => {
          for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGKILL');
        },
        (config.drainDelay + config.drainTimeout + 5) * 1000,
      ).unref();
    };
    process.once('SIGTERM', () => stopAll('SIGTERM'));
    process.once('SIGINT', () => stopAll('SIGINT'));
    process.on('SIGUSR2', () => {
      for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGUSR2');
    });

    for (let i = 0; i < config.workers; i++) fork();
  });
}
