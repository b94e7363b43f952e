import { loadConfig, purgeExpiredTrash } from '@tessera/core';
import { openStorage } from '@tessera/storage';
import { configFlags, parse } from '../args.js';

const HELP = `Usage: tessera trash purge-expired [--data DIR] [--db URL] [--config FILE]

Removes for good the trash entries whose time is up (trashDays after they
were deleted), while the site keeps running: one short transaction. Backend
processes do this on their own every trashPurgeInterval seconds; this
command is for cron when that is off. Blobs only the purged items used are
collected by the next \`tessera pack\`. See docs/trash.md.
`;

export async function trash(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub !== 'purge-expired') {
    const help = sub === '--help' || sub === '-h';
    (help ? process.stdout : process.stderr).write(HELP);
    return help ? 0 : 2;
  }
  const { values } = parse(rest, {});
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const config = loadConfig({ file: values.config, flags: configFlags(values) });
  const storage = openStorage({ db: config.db, dataDir: config.data, blobDir: config.blobDir });
  try {
    await storage.migrate();
    const done = await purgeExpiredTrash(storage);
    process.stdout.write(`Purged ${done.entries} expired trash entries (${done.objects} objects).\n`);
    return 0;
  } finally {
    await storage.close();
  }
}
