// `tessera restore`: a backup into an empty data directory or database,
// checked file by file before and table by table after (docs/backup.md).
//   A SQLite backup into SQLite: the database file is copied as it is.
//   Any other pair (a PostgreSQL or MariaDB backup; a SQLite backup into
//   another database): the target is migrated and the rows copied in
//   (site-copy.ts), so a backup restores into any of the three.
import { createReadStream, existsSync, rmSync } from 'node:fs';
import { copyFile, mkdir, rename } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { SQLITE } from '../dialect.js';
import { type BlobPlace, hashPlacedBlob } from './blob-places.js';
import { checksumSite, compareChecksums } from './checksums.js';
import { withDbSnapshot } from './db-source.js';
import { type Endpoint, open, openSqliteReadOnly, whyNotEmpty } from './endpoint.js';
import { OpsError } from './errors.js';
import { fsyncPath, placeFile } from './files.js';
import { blobPath, checkBackupFiles, type Manifest } from './manifest.js';
import { copySite, type SiteSource } from './site-copy.js';
import { appliedMigrations } from './tables.js';

export interface RestoreOptions {
  onProgress?: (message: string) => void;
}

export async function restore(dir: string, manifest: Manifest, target: Endpoint, opts: RestoreOptions = {}) {
  const problems = await checkBackupFiles(dir, manifest);
  if (problems.length) throw new OpsError(`the backup ${dir} is damaged:\n  ${problems.join('\n  ')}`);
  opts.onProgress?.(
    `backup files checked (${Object.keys(manifest.files).length} files, ${manifest.blobs.length} blobs)`,
  );
  const why = await whyNotEmpty(target);
  if (why) throw new OpsError(`will not restore over an existing site: ${why}`, 2);
  if (manifest.kind === 'sqlite-file' && target.dialect === 'sqlite')
    await restoreSqliteFile(dir, manifest, target);
  else await restoreRows(dir, manifest, target, opts);
  const mismatches = await verifyTarget(target, manifest);
  if (mismatches.length)
    throw new OpsError(`the restored site differs from the backup:\n  ${mismatches.join('\n  ')}`);
  opts.onProgress?.(
    `restored and verified: transaction ${manifest.lastTid}, ${Object.keys(manifest.tables).length} tables, ${manifest.blobs.length} blobs`,
  );
}

async function restoreSqliteFile(dir: string, manifest: Manifest, target: Endpoint) {
  const file = target.sqliteFile!;
  // Private like a data directory SQLite creates (it holds password hashes and secrets).
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  // Leftovers of an empty database would be read as part of the restored one.
  for (const suffix of ['-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
  await copyFile(join(dir, 'tessera.db'), `${file}.restoring`);
  await fsyncPath(`${file}.restoring`);
  await rename(`${file}.restoring`, file);
  await fsyncPath(dirname(file));
  for (const b of manifest.blobs) {
    if (b.in !== 'backup') continue;
    const to = join(target.blobDir!, b.hash.slice(0, 2), b.hash.slice(2, 4), b.hash);
    if (!existsSync(to)) await placeFile(blobPath(dir, b.hash), to, { sha256: b.hash, size: b.size });
  }
}

async function restoreRows(dir: string, manifest: Manifest, target: Endpoint, opts: RestoreOptions) {
  const storage = open(target);
  try {
    await storage.migrate();
    const have = (await appliedMigrations(storage.db)).join(', ');
    if (have !== manifest.migrations.join(', '))
      throw new OpsError(
        `the backup's schema (${manifest.migrations.at(-1)}) is not this tessera's (${have.split(', ').at(-1)}): restore it with the version that made it`,
        2,
      );
    const into = { db: storage.db, caps: storage.caps, blobDir: target.blobDir };
    if (manifest.kind === 'rows') await copySite(rowsSource(dir, manifest), into, opts);
    else {
      const db = openSqliteReadOnly(join(dir, 'tessera.db'));
      try {
        await withDbSnapshot(db, SQLITE, join(dir, 'blobs'), (snap) => copySite(snap, into, opts));
      } finally {
        await db.destroy();
      }
    }
  } finally {
    await storage.close();
  }
}

/** A 'rows' backup as a copy source. */
export function rowsSource(dir: string, m: Manifest): SiteSource {
  return {
    dialect: m.dialect,
    migrations: m.migrations,
    tables: m.specs,
    async *rows(spec) {
      const lines = createInterface({
        input: createReadStream(join(dir, 'tables', `${spec.name}.ndjson`)),
        crlfDelay: Number.POSITIVE_INFINITY,
      });
      for await (const line of lines) if (line) yield JSON.parse(line) as unknown[];
    },
    async *blobs() {
      yield* m.blobs;
    },
    openBlob: (hash) => createReadStream(blobPath(dir, hash)),
  };
}

/** Compares a site with a backup's manifest: tables, last transaction, every blob's bytes. */
export async function verifyTarget(target: Endpoint, m: Manifest): Promise<string[]> {
  const storage = open(target);
  try {
    return await withDbSnapshot(storage.db, storage.caps, target.blobDir, async (snap) => {
      const problems = compareChecksums(m.tables, await checksumSite(snap.trx, m.specs));
      if (snap.lastTid !== m.lastTid)
        problems.push(`last transaction ${snap.lastTid}, expected ${m.lastTid}`);
      const place: BlobPlace = { dir: target.blobDir, db: snap.trx };
      for (const b of m.blobs) {
        try {
          const got = await hashPlacedBlob(place, b.hash);
          if (got.hash !== b.hash || got.size !== b.size) problems.push(`blob ${b.hash}: content differs`);
        } catch (err) {
          problems.push(`blob ${b.hash}: ${(err as Error).message}`);
        }
      }
      return problems;
    });
  } finally {
    await storage.close();
  }
}
