import { loadConfig } from '@tessera/core';
import { ops } from '@tessera/storage';
import { configFlags, parse } from '../args.js';
import { parseDate, progress, reported, usage } from './ops-common.js';

const HELP = `Usage: tessera restore --from DIR [--date ISO] [--data DIR] [--db URL] [--config FILE]

Restores a backup made by \`tessera backup\` into an EMPTY data directory or
database (it refuses one that holds a site). Every file is checked against
the backup's manifest first, the restored site against it afterwards.

  --from DIR      a backup, or a directory of backups (the newest is used)
  --date ISO      the newest backup taken at or before this time
                  (2025-01-31T12:00Z), or a day (the end of it, UTC)
  --quiet         no progress lines on stderr

A backup restores into any database: a SQLite backup into SQLite is copied
as a file; otherwise the target is migrated and the rows are loaded.
See docs/backup.md.
`;

export async function restoreCommand(argv: string[]): Promise<number> {
  const { values } = parse(argv, {
    from: { type: 'string' },
    date: { type: 'string' },
    quiet: { type: 'boolean' },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  if (!values.from) return usage('restore', '--from DIR is required', HELP);
  const date = values.date === undefined ? undefined : parseDate(values.date);
  if (values.date !== undefined && !date)
    return usage('restore', `--date "${values.date}" is not a date`, HELP);
  const config = loadConfig({ file: values.config, flags: configFlags(values) });
  return reported('restore', async () => {
    const picked = ops.pickBackup(values.from!, date);
    const target = ops.endpoint({ db: config.db, dataDir: config.data, blobDir: config.blobDir });
    const onProgress = progress(values.quiet);
    onProgress?.(`restoring ${picked.dir} (taken ${picked.manifest.created}) into ${target.label}`);
    await ops.restore(picked.dir, picked.manifest, target, { onProgress });
    process.stdout.write(
      `Restored ${picked.dir} (transaction ${picked.manifest.lastTid}, taken ${picked.manifest.created}).\n`,
    );
    return 0;
  });
}
