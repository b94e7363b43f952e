// Copies a whole site — every table's rows, its blobs, then the rebuilt full
// text — from a source (a database snapshot, or a backup's files) into an
// empty, migrated target, in one transaction on the target: a failure
// leaves the target as empty as it was.
import type { Readable } from 'node:stream';
import type { Kysely } from 'kysely';
import type { DialectCaps } from '../dialect.js';
import type { Database } from '../schema.js';
import { type BlobEntry, type BlobPlace, putPlacedBlob } from './blob-places.js';
import { type TableChecksum, TableDigest } from './checksums.js';
import { rebuildFullText } from './fulltext-rebuild.js';
import { resetSequences, siteTables, type TableSpec } from './tables.js';

/** A consistent view of a site to copy from. */
export interface SiteSource {
  dialect: string;
  /** Migrations applied to the source (the target must have the same). */
  migrations: string[];
  tables: TableSpec[];
  /** A table's rows as canonical value arrays in `spec.columns` order. */
  rows(spec: TableSpec): AsyncIterable<unknown[]>;
  blobs(): AsyncIterable<BlobEntry>;
  openBlob(hash: string): Readable;
}

export interface CopyTarget {
  db: Kysely<Database>;
  caps: DialectCaps;
  /** The target's blob directory; without one, blobs go into the database. */
  blobDir?: string;
}

export interface CopyResult {
  /** Checksums of the rows as read from the source while copying. */
  tables: Record<string, TableChecksum>;
  blobs: BlobEntry[];
}

/** Rows per INSERT, bounded by bound parameters and by bytes. */
const MAX_PARAMS = 4000;
const MAX_BATCH_BYTES = 4 * 1024 * 1024;

export interface CopyOptions {
  onProgress?: (message: string) => void;
}

/** Copies `source` into the empty, migrated `target`. */
export async function copySite(
  source: SiteSource,
  target: CopyTarget,
  opts: CopyOptions = {},
): Promise<CopyResult> {
  const targetTables = new Map((await siteTables(target.db)).map((t) => [t.name, t]));
  for (const spec of source.tables) {
    const t = targetTables.get(spec.name);
    const want = spec.columns.map((c) => c.name).join(',');
    if (!t || t.columns.map((c) => c.name).join(',') !== want)
      throw new Error(`table ${spec.name}: the target's columns differ from the source's`);
  }
  const result: CopyResult = { tables: {}, blobs: [] };
  await target.db.transaction().execute(async (trx) => {
    for (const spec of source.tables) {
      // Migrations seed a few rows (built-in groups, lock rows): the source's replace them.
      await trx.deleteFrom(spec.name as 'settings').execute();
      const digest = new TableDigest();
      const names = spec.columns.map((c) => c.name);
      const perBatch = Math.max(1, Math.floor(MAX_PARAMS / names.length));
      let batch: Record<string, unknown>[] = [];
      let bytes = 0;
      const flush = async () => {
        if (batch.length)
          await trx
            .insertInto(spec.name as 'settings')
            .values(batch as never)
            .execute();
        batch = [];
        bytes = 0;
      };
      for await (const values of source.rows(spec)) {
        digest.add(values);
        const row: Record<string, unknown> = {};
        names.forEach((n, i) => {
          row[n] = values[i];
          if (typeof values[i] === 'string') bytes += (values[i] as string).length;
        });
        batch.push(row);
        if (batch.length >= perBatch || bytes >= MAX_BATCH_BYTES) await flush();
      }
      await flush();
      result.tables[spec.name] = digest.result();
    }
    const place: BlobPlace = target.blobDir ? { dir: target.blobDir } : { db: trx };
    for await (const blob of source.blobs()) {
      await putPlacedBlob(place, source.openBlob(blob.hash), blob.hash);
      result.blobs.push({ hash: blob.hash, size: blob.size });
    }
    const rows = Object.values(result.tables).reduce((n, t) => n + t.rows, 0);
    opts.onProgress?.(`copied ${rows} rows in ${source.tables.length} tables, ${result.blobs.length} blobs`);
    if (source.tables.some((t) => t.name === 'catalog')) {
      const n = await rebuildFullText(trx, target.caps);
      opts.onProgress?.(`full text: ${n} rows rebuilt`);
    }
    await resetSequences(trx, target.caps);
  });
  return result;
}
