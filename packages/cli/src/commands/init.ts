import { initSite } from '@tessera/api';
import { loadConfig } from '@tessera/core';
import { openStorage } from '@tessera/storage';
import { configFlags, parse } from '../args.js';

const HELP = `Usage: tessera init [--data DIR] [--db URL] [--config FILE]

Creates the site (root object, default types, admin user) in an empty data
directory or database. The admin password comes from TESSERA_ADMIN_PASSWORD,
or is generated and printed once.
`;

export async function init(argv: string[]): Promise<number> {
  const { values } = parse(argv, { 'site-path': { type: 'string' } });
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const config = loadConfig({ file: values.config, flags: configFlags(values) });
  const storage = openStorage({ db: config.db, dataDir: config.data, blobDir: config.blobDir });
  try {
    await storage.migrate();
    const result = await initSite({ storage, config });
    if (!result.created) {
      process.stderr.write('tessera init: a site exists already; nothing was changed.\n');
      return 1;
    }
    process.stdout.write(`Created site "${config.siteTitle}".\n`);
    if (result.generatedPassword) {
      process.stdout.write(
        `Admin user: admin\nGenerated password (shown once): ${result.generatedPassword}\n`,
      );
    }
    return 0;
  } finally {
    await storage.close();
  }
}
