import { loadConfig } from '@tessera/core';
import {
  blobDirOf,
  DEFAULT_BLOB_GRACE_SECONDS,
  describePack,
  openStorage,
  pack as packStorage,
} from '@tessera/storage';
import { configFlags, parse } from '../args.js';

const HELP = `Usage: tessera pack --days N [--dry-run] [--blob-grace SECONDS] [--data DIR] [--db URL] [--config FILE]

Removes history older than N days and the blobs nothing refers to any more,
while the site keeps running (short batches; writes wait a moment at most).

Kept: every object's current state, its state N days ago (its newest
revision at or before then) and every later revision. Deleted objects lose
their whole history once the deletion is older than N days. Then blobs that
no object, revision, user or setting refers to go (with image scales of
images nothing refers to), unless stored less than --blob-grace seconds ago
(default ${DEFAULT_BLOB_GRACE_SECONDS}: an upload is stored before the edit that uses it).

--dry-run reports what would be removed and changes nothing.
See docs/packing.md.
`;

export async function pack(argv: string[]): Promise<number> {
  const { values } = parse(argv, {
    days: { type: 'string' },
    'dry-run': { type: 'boolean' },
    'blob-grace': { type: 'string' },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const wholeNumber = (v: string | undefined) => (v !== undefined && /^\d+$/.test(v) ? Number(v) : undefined);
  const days = wholeNumber(values.days);
  if (days === undefined || days > 100_000) {
    process.stderr.write('tessera pack: --days N is required: a whole number of days, 0 to 100000\n');
    return 2;
  }
  const grace =
    values['blob-grace'] === undefined ? DEFAULT_BLOB_GRACE_SECONDS : wholeNumber(values['blob-grace']);
  if (grace === undefined || grace > 100_000 * 86_400) {
    process.stderr.write('tessera pack: --blob-grace must be a whole number of seconds\n');
    return 2;
  }
  const config = loadConfig({ file: values.config, flags: configFlags(values) });
  const where = { db: config.db, dataDir: config.data, blobDir: config.blobDir };
  const storage = openStorage(where);
  try {
    await storage.migrate();
    const created = await storage.read((tx) => tx.getSetting<boolean>('site_created'));
    if (!created) {
      process.stderr.write('tessera pack: no site here; run `tessera init` first.\n');
      return 1;
    }
    const result = await packStorage(storage, {
      days,
      blobGrace: grace,
      dryRun: values['dry-run'] === true,
      blobDir: blobDirOf(where),
      log: (line) => process.stdout.write(`${line}\n`),
    });
    process.stdout.write(describePack(result));
    return 0;
  } finally {
    await storage.close();
  }
}
