// Blobs in the database (PostgreSQL and MariaDB by default, so that every
// host sees them): content-addressed rows in `blobs`, bytes in 256 KiB
// `blob_chunks`. Chunks are written under a temporary key while the hash is
// computed, then renamed to it — or dropped when those bytes are stored already.
import { createHash, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import type { BlobInfo, ByteRange, PutBlobOptions } from '@tessera/core';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../schema.js';
import { measured } from './limits.js';

export const BLOB_CHUNK_BYTES = 256 * 1024;
/** Chunks of an upload under way are kept under `tmp-<epoch ms>-<uuid>` until their hash is known. */
export const TEMP_PREFIX = 'tmp-';

type Db = Kysely<Database> | Transaction<Database>;

export async function dbBlobInfo(db: Db, hash: string): Promise<BlobInfo | undefined> {
  const row = await db.selectFrom('blobs').selectAll().where('hash', '=', hash).executeTakeFirst();
  return row && { hash: row.hash, size: Number(row.size) };
}

/** Chunks one read fetches: fewer round trips, at most 1 MiB in flight per download. */
const CHUNKS_PER_READ = 4;

/**
 * Streams a blob's bytes (or one byte range of them) a few chunks per query,
 * read as the consumer asks. Blobs never change, so this runs outside any
 * transaction.
 */
export function openDbBlob(db: Kysely<Database>, hash: string, range?: ByteRange): Readable {
  let seq = range ? Math.floor(range.start / BLOB_CHUNK_BYTES) : 0;
  let skip = range ? range.start - seq * BLOB_CHUNK_BYTES : 0;
  let left = range ? range.end - range.start + 1 : Number.POSITIVE_INFINITY;
  return new Readable({
    highWaterMark: CHUNKS_PER_READ * BLOB_CHUNK_BYTES,
    async read() {
      try {
        if (left <= 0) return void this.push(null);
        const rows = await db
          .selectFrom('blob_chunks')
          .select('data')
          .where('hash', '=', hash)
          .where('seq', '>=', seq)
          .where('seq', '<', seq + CHUNKS_PER_READ)
          .orderBy('seq')
          .execute();
        seq += CHUNKS_PER_READ;
        if (rows.length === 0) return void this.push(null);
        for (const row of rows) {
          let buf = Buffer.from(row.data);
          if (skip) {
            buf = buf.subarray(skip);
            skip = 0;
          }
          if (buf.length > left) buf = buf.subarray(0, left);
          left -= buf.length;
          if (buf.length) this.push(buf);
        }
        if (rows.length < CHUNKS_PER_READ || left <= 0) this.push(null);
      } catch (err) {
        this.destroy(err as Error);
      }
    },
  });
}

/**
 * Stores a blob. `chunkDb` receives the chunk inserts (the caller's
 * transaction, or the pool for an upload outside any transaction) and
 * `finish` runs the rename in one transaction.
 */
export async function putDbBlob(
  chunkDb: Db,
  finish: <T>(fn: (db: Db) => Promise<T>) => Promise<T>,
  source: AsyncIterable<Uint8Array> | Uint8Array,
  opts: PutBlobOptions = {},
): Promise<BlobInfo> {
  // The time in the key lets `tessera pack` tell chunks of an upload still
  // under way from those a crashed process left behind.
  const temp = `${TEMP_PREFIX}${Date.now()}-${randomUUID()}`;
  const hasher = createHash('sha256');
  const seen = { size: 0 };
  let seq = 0;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  const flush = async (buf: Buffer) => {
    await chunkDb.insertInto('blob_chunks').values({ hash: temp, seq: seq++, data: buf }).execute();
  };
  try {
    for await (const part of measured(source, hasher, seen, opts.maxBytes)) {
      pending.push(Buffer.from(part.buffer, part.byteOffset, part.byteLength));
      pendingBytes += part.byteLength;
      while (pendingBytes >= BLOB_CHUNK_BYTES) {
        const all = Buffer.concat(pending);
        await flush(all.subarray(0, BLOB_CHUNK_BYTES));
        const rest = all.subarray(BLOB_CHUNK_BYTES);
        pending = rest.length ? [Buffer.from(rest)] : [];
        pendingBytes = rest.length;
      }
    }
    if (pendingBytes) await flush(Buffer.concat(pending));
  } catch (err) {
    await chunkDb.deleteFrom('blob_chunks').where('hash', '=', temp).execute();
    throw err;
  }
  const hash = hasher.digest('hex');
  const size = seen.size;
  const rename = (db: Db) =>
    (async () => {
      const created = new Date().toISOString();
      // Stored already: keep those bytes, stamped as stored again now, so a
      // pack running meanwhile spares them (and when a pack has just removed
      // them, nothing is updated and they are stored anew).
      const touched = await db
        .updateTable('blobs')
        .set({ created })
        .where('hash', '=', hash)
        .executeTakeFirst();
      if (Number(touched.numUpdatedRows) > 0) {
        await db.deleteFrom('blob_chunks').where('hash', '=', temp).execute();
      } else {
        await db.updateTable('blob_chunks').set({ hash }).where('hash', '=', temp).execute();
        await db.insertInto('blobs').values({ hash, size, created }).execute();
      }
    })();
  try {
    await finish(rename);
  } catch (err) {
    // The same bytes stored at the same moment by another upload: theirs won.
    if (!(await dbBlobInfo(chunkDb, hash))) throw err;
    await chunkDb.deleteFrom('blob_chunks').where('hash', '=', temp).execute();
  }
  return { hash, size };
}
