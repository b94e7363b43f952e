// `tessera convert`: copies a whole site — history, users, settings,
// catalog, blobs — from one storage into an empty other (any of SQLite,
// PostgreSQL, MariaDB; blobs between file store and database as each side
// keeps them), read from one snapshot of the source, written in one
// transaction on the target, then verified: every table's row count and
// canonical checksum, and every blob's sha256, read back from the target.
import { type BlobEntry, hashPlacedBlob } from './blob-places.js';
import { checksumSite, compareChecksums, type TableChecksum } from './checksums.js';
import { withDbSnapshot } from './db-source.js';
import { type Endpoint, open, whyNotEmpty } from './endpoint.js';
import { OpsError } from './errors.js';
import { copySite } from './site-copy.js';
import { appliedMigrations } from './tables.js';

export interface ConvertResult {
  lastTid: number;
  tables: Record<string, TableChecksum>;
  blobs: number;
}

export async function convert(
  from: Endpoint,
  to: Endpoint,
  opts: { onProgress?: (message: string) => void } = {},
): Promise<ConvertResult> {
  if (from.label === to.label && from.dialect !== 'sqlite')
    throw new OpsError('--from and --to name the same database', 2);
  if (from.sqliteFile && from.sqliteFile === to.sqliteFile)
    throw new OpsError('--from and --to name the same file', 2);
  const why = await whyNotEmpty(to);
  if (why) throw new OpsError(`will not convert into an existing site: ${why}`, 2);
  const source = open(from);
  let target: ReturnType<typeof open> | undefined;
  try {
    // The source first: nothing is created at the target if it cannot be read.
    const sourceMigrations = await appliedMigrations(source.db);
    if (!sourceMigrations.length) throw new OpsError(`${from.label} holds no site`, 2);
    target = open(to);
    await target.migrate();
    const targetMigrations = await appliedMigrations(target.db);
    if (sourceMigrations.join() !== targetMigrations.join())
      throw new OpsError(
        `the source's schema (${sourceMigrations.at(-1)}) is not this tessera's (${targetMigrations.at(-1)}): start this version of tessera on the source once to migrate it, then convert`,
        2,
      );
    let lastTid = 0;
    const copied = await withDbSnapshot(source.db, source.caps, from.blobDir, async (snap) => {
      lastTid = snap.lastTid;
      return copySite(snap, { db: target!.db, caps: target!.caps, blobDir: to.blobDir }, opts);
    });
    const problems = await verifyCopy(to, target.db, target.caps, copied.tables, copied.blobs);
    if (problems.length)
      throw new OpsError(`the converted site differs from the source:\n  ${problems.join('\n  ')}`);
    return { lastTid, tables: copied.tables, blobs: copied.blobs.length };
  } finally {
    await source.close();
    await target?.close();
  }
}

async function verifyCopy(
  to: Endpoint,
  db: Parameters<typeof checksumSite>[0],
  caps: Parameters<typeof withDbSnapshot>[1],
  tables: Record<string, TableChecksum>,
  blobs: BlobEntry[],
): Promise<string[]> {
  return withDbSnapshot(db, caps, to.blobDir, async (snap) => {
    const problems = compareChecksums(tables, await checksumSite(snap.trx, snap.tables));
    for (const b of blobs) {
      const got = await hashPlacedBlob({ dir: to.blobDir, db: snap.trx }, b.hash);
      if (got.hash !== b.hash || got.size !== b.size) problems.push(`blob ${b.hash}: content differs`);
    }
    return problems;
  });
}
