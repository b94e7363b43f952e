import cluster from 'node:cluster';
import { buildApp, enableWorkerMetrics, initSite } from '@tessera/api';
import { type Config, ConfigError, loadConfig } from '@tessera/core';
import { openStorage } from '@tessera/storage';
import type { Logger } from 'pino';
import { configFlags, parse } from '../args.js';
import { drainable } from '../drain.js';
import { createLogger } from '../logger.js';
import { refuseRoot } from '../root-guard.js';
import { captureServerErrors, reportErrors } from '../sentry.js';
import { superviseWorkers } from './serve-workers.js';

const HELP = `Usage: tessera serve [--port 8080] [--host 127.0.0.1] [--data ./var] [--db URL]
                     [--workers N|auto] [--site-path /Plone] [--config tessera.config.json]
                     [--drain-timeout 30] [--allow-root]

Runs the backend (the Plone REST API). On first start it creates the site and
an admin user (password from TESSERA_ADMIN_PASSWORD, or generated and printed once).
--workers N runs N processes sharing the port (auto: one per core); it needs
PostgreSQL or MariaDB (--db postgres://… or mysql://…): SQLite is one process.
On SIGTERM it drains: /ready answers 503, new connections are refused,
requests in flight finish (at most --drain-timeout seconds), then it exits.
It refuses to run as root unless --allow-root or TESSERA_ALLOW_ROOT=1.
/metrics serves Prometheus metrics to loopback/private addresses (or with
TESSERA_METRICS_TOKEN); SENTRY_DSN reports uncaught errors to Sentry.
Environment: TESSERA_* variables override the config file; flags override both.
`;

export async function serve(argv: string[]): Promise<number> {
  const { values } = parse(argv, {
    port: { type: 'string', short: 'p' },
    host: { type: 'string' },
    'site-path': { type: 'string' },
    workers: { type: 'string', short: 'w' },
    'drain-timeout': { type: 'string' },
    'allow-root': { type: 'boolean' },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  refuseRoot(values['allow-root']);
  const flags = configFlags(values);
  if (values['drain-timeout'] !== undefined) flags.drainTimeout = values['drain-timeout'];
  const config = loadConfig({ file: values.config, flags });
  const logger = createLogger({ level: config.logLevel, file: config.logFile });
  if (cluster.isWorker) return runServer(config, logger, { worker: true });
  if (config.workers > 1) {
    if (!config.db || config.db.startsWith('sqlite:')) {
      throw new ConfigError(
        'workers > 1 needs PostgreSQL or MariaDB (--db postgres://… or mysql://…); the embedded SQLite database is served by one process',
      );
    }
    await prepareSite(config, logger);
    return superviseWorkers(config, logger);
  }
  await prepareSite(config, logger);
  return runServer(config, logger, { worker: false });
}

/** Migrates the database and creates the site on first start, once, before any worker opens it. */
async function prepareSite(config: Config, logger: Logger) {
  const storage = openStorage({ db: config.db, dataDir: config.data, blobDir: config.blobDir });
  try {
    await storage.migrate();
    const created = await initSite({ storage, config });
    if (created.created) {
      logger.info({ site: config.siteTitle }, 'site created');
      if (created.generatedPassword) {
        // Printed once, on the terminal, not into the log file.
        process.stdout.write(
          `\nAdmin user: admin\nGenerated password (shown once): ${created.generatedPassword}\n\n`,
        );
      }
    }
  } finally {
    await storage.close();
  }
}

async function runServer(config: Config, logger: Logger, opts: { worker: boolean }): Promise<number> {
  const capture = await reportErrors(logger);
  if (opts.worker && config.metrics) enableWorkerMetrics();
  const storage = openStorage({ db: config.db, dataDir: config.data, blobDir: config.blobDir });
  let isDraining = () => false;
  const { app } = await buildApp({ config, storage, logger, draining: () => isDraining() });
  if (capture) captureServerErrors(app, capture);
  const drainer = drainable(app.server, {
    delayMs: config.drainDelay * 1000,
    timeoutMs: config.drainTimeout * 1000,
  });
  isDraining = () => drainer.draining;
  let closing = false;
  const close = async (signal: string) => {
    if (closing) return;
    closing = true;
    logger.info({ signal, drainTimeout: config.drainTimeout }, 'draining: finishing requests in flight');
    const clean = await drainer.drain();
    if (!clean) logger.warn('drain timeout: connections still open were closed');
    logger.info('shutting down');
    await app.close();
    await storage.close();
    process.exit(0);
  };
  // SIGUSR2 (systemctl reload) reopens a log file (logger.ts); logging to
  // stdout there is nothing to reopen, and Node's default would end the process.
  process.on('SIGUSR2', () => {});
  process.once('SIGTERM', () => void close('SIGTERM'));
  process.once('SIGINT', () => void close('SIGINT'));
  // A worker whose supervisor is gone (killed with -9) must not live on alone.
  if (opts.worker) process.once('disconnect', () => void close('disconnect'));
  const address = await app.listen({ port: config.port, host: config.host });
  logger.info({ address }, 'tessera backend listening');
  if (config.logFile && !opts.worker) process.stdout.write(`Tessera backend listening at ${address}\n`);
  return new Promise<number>(() => {});
}
