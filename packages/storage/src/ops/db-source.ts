// A live database as a copy source: one read transaction (REPEATABLE READ on
// PostgreSQL and MariaDB, a read transaction in WAL mode on SQLite) so every
// table and database-held blob is read from the same snapshot, while
// writers go on. Blob files are listed after the snapshot began: a blob is
// written before the transaction that references it commits and never
// changes, so every blob the snapshot references is found.
import { type Kysely, sql } from 'kysely';
import type { DialectCaps } from '../dialect.js';
import type { Database } from '../schema.js';
import { listBlobs, openPlacedBlob } from './blob-places.js';
import { readRows } from './checksums.js';
import type { SiteSource } from './site-copy.js';
import { appliedMigrations, siteTables } from './tables.js';

export interface DbSnapshot extends SiteSource {
  /** The newest transaction id in the snapshot. */
  lastTid: number;
  /** The transaction the snapshot is read in. */
  trx: Kysely<Database>;
}

export async function withDbSnapshot<T>(
  db: Kysely<Database>,
  caps: DialectCaps,
  blobDir: string | undefined,
  fn: (snapshot: DbSnapshot) => Promise<T>,
): Promise<T> {
  let t = db.transaction();
  if (caps.readIsolation) t = t.setIsolationLevel('repeatable read');
  return t.execute(async (trx) => {
    // The first read fixes the snapshot (PostgreSQL, InnoDB and SQLite alike).
    const last = await sql<{ tid: number | null }>`select max(tid) as tid from transactions`.execute(trx);
    const snapshot: DbSnapshot = {
      dialect: caps.name,
      lastTid: Number(last.rows[0]?.tid ?? 0),
      trx,
      migrations: await appliedMigrations(trx),
      tables: await siteTables(trx),
      rows: (spec) => readRows(trx, spec),
      blobs: () => listBlobs({ dir: blobDir, db: trx }),
      openBlob: (hash) => openPlacedBlob({ dir: blobDir, db: trx }, hash),
    };
    return fn(snapshot);
  });
}
