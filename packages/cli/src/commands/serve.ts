import { buildApp, initSite } from '@tessera/api';
import { loadConfig } from '@tessera/core';
import { openStorage } from '@tessera/storage';
import { configFlags, parse } from '../args.js';
import { createLogger } from '../logger.js';

const HELP = `Usage: tessera serve [--port 8080] [--host 127.0.0.1] [--data ./var] [--db URL]
                     [--site-path /Plone] [--config tessera.config.json]

Runs the backend (the Plone REST API). On first start it creates the site and
an admin user (password from TESSERA_ADMIN_PASSWORD, or generated and printed once).
Environment: TESSERA_* variables override the config file; flags override both.
`;

export async function serve(argv: string[]): Promise<number> {
  const { values } = parse(argv, {
    port: { type: 'string', short: 'p' },
    host: { type: 'string' },
    'site-path': { type: 'string' },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const config = loadConfig({ file: values.config, flags: configFlags(values) });
  const logger = createLogger({ level: config.logLevel, file: config.logFile });
  const storage = openStorage({ db: config.db, dataDir: config.data, blobDir: config.blobDir });
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
  const { app } = await buildApp({ config, storage, logger });
  const close = async (signal: string) => {
    logger.info({ signal }, 'shutting down');
    await app.close();
    await storage.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void close('SIGTERM'));
  process.once('SIGINT', () => void close('SIGINT'));
  const address = await app.listen({ port: config.port, host: config.host });
  logger.info({ address }, 'tessera backend listening');
  if (config.logFile) process.stdout.write(`Tessera backend listening at ${address}\n`);
  return new Promise<number>(() => {});
}
