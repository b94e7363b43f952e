import { loadConfig } from '@tessera/core';
import { ops } from '@tessera/storage';
import { configFlags, parse } from '../args.js';
import { parseDate, progress, reported, usage } from './ops-common.js';

const HELP = `Usage: tessera backup --to DIR [--keep N] [--verify [--scratch URL]] [--data DIR] [--db URL] [--config FILE]
       tessera backup --verify --from DIR [--date ISO] [--scratch URL]

Backs up the site (database and blobs) while it runs, into DIR/<UTC time>/
with a manifest.json of checksums. SQLite is copied with VACUUM INTO,
PostgreSQL and MariaDB as rows read in one consistent snapshot; blobs the
previous backup holds are hard-linked. Prints the new backup's directory.

  --to DIR        where backups are kept (one subdirectory each)
  --keep N        then delete all but the newest N complete backups
  --verify        restore the backup into a scratch place and compare it with
                  its manifest (with --from: check an existing backup)
  --from DIR      a backup, or a directory of backups (the newest, or the
                  newest at or before --date, is checked)
  --date ISO      with --from: a time (2025-01-31T12:00Z) or a day (end of it, UTC)
  --scratch URL   restore into a throwaway database created on this
                  PostgreSQL/MariaDB server (default: a temporary SQLite directory)
  --quiet         no progress lines on stderr

See docs/backup.md.
`;

export async function backupCommand(argv: string[]): Promise<number> {
  const { values } = parse(argv, {
    to: { type: 'string' },
    from: { type: 'string' },
    keep: { type: 'string' },
    verify: { type: 'boolean' },
    scratch: { type: 'string' },
    date: { type: 'string' },
    quiet: { type: 'boolean' },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const onProgress = progress(values.quiet);
  if (values.from !== undefined) {
    if (!values.verify)
      return usage('backup', '--from is for --verify (to restore, use tessera restore)', HELP);
    if (values.to !== undefined || values.keep !== undefined)
      return usage('backup', '--from (verify a backup) does not go with --to or --keep', HELP);
    const date = values.date === undefined ? undefined : parseDate(values.date);
    if (values.date !== undefined && !date)
      return usage('backup', `--date "${values.date}" is not a date`, HELP);
    return reported('backup', async () => {
      const picked = ops.pickBackup(values.from!, date);
      await ops.verifyBackup(picked.dir, picked.manifest, { scratchServer: values.scratch, onProgress });
      process.stdout.write(`${picked.dir}: verified\n`);
      return 0;
    });
  }
  if (!values.to) return usage('backup', '--to DIR is required', HELP);
  if (values.date !== undefined) return usage('backup', '--date goes with --verify --from', HELP);
  let keep: number | undefined;
  if (values.keep !== undefined) {
    keep = Number(values.keep);
    if (!Number.isInteger(keep) || keep < 1)
      return usage('backup', `--keep must be a whole number of at least 1, not "${values.keep}"`, HELP);
  }
  const config = loadConfig({ file: values.config, flags: configFlags(values) });
  return reported('backup', async () => {
    const source = ops.endpoint({ db: config.db, dataDir: config.data, blobDir: config.blobDir });
    const why = await noSite(source);
    if (why) throw new ops.OpsError(why, 2);
    const result = await ops.backup(source, values.to!, { keep, onProgress });
    for (const name of result.removed) onProgress?.(`removed old backup ${name}`);
    if (values.verify) {
      await ops.verifyBackup(result.dir, result.manifest, { scratchServer: values.scratch, onProgress });
      onProgress?.('verified');
    }
    process.stdout.write(`${result.dir}\n`);
    return 0;
  });
}

async function noSite(source: ops.Endpoint): Promise<string | undefined> {
  const { existsSync } = await import('node:fs');
  if (source.sqliteFile && !existsSync(source.sqliteFile)) return `no site at ${source.sqliteFile}`;
  return undefined;
}
