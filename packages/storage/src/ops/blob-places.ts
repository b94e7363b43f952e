// Where a site's blobs are: files in a content-addressed directory
// (<dir>/ab/cd/<sha256>), rows in the database (`blobs` + `blob_chunks`), or
// both (blobs stored before a blob directory was configured stay in the
// database). Listing, reading and writing them, each verified by its hash.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import type { Kysely } from 'kysely';
import { openDbBlob, putDbBlob } from '../blobs/db-store.js';
import { FileBlobStore } from '../blobs/file-store.js';
import type { Database } from '../schema.js';

export interface BlobPlace {
  /** The blob directory, if blobs are kept as files. */
  dir?: string;
  /** The database (or a transaction on it); its `blobs` rows are read too. */
  db?: Kysely<Database>;
}

export interface BlobEntry {
  hash: string;
  size: number;
}

const HASH = /^[0-9a-f]{64}$/;
const HEX2 = /^[0-9a-f]{2}$/;

async function names(dir: string, pattern: RegExp): Promise<string[]> {
  try {
    return (await readdir(dir)).filter((n) => pattern.test(n)).sort();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}

/** The blob files of a content-addressed directory, in hash order. */
export async function* fileBlobs(dir: string): AsyncGenerator<BlobEntry> {
  for (const a of await names(dir, HEX2))
    for (const b of await names(join(dir, a), HEX2))
      for (const hash of await names(join(dir, a, b), HASH)) {
        if (!hash.startsWith(a + b)) continue;
        yield { hash, size: (await stat(join(dir, a, b, hash))).size };
      }
}

/** The blobs kept in a database, in hash order, a page at a time. */
export async function* dbBlobs(db: Kysely<Database>): AsyncGenerator<BlobEntry> {
  let after = '';
  for (;;) {
    const rows = await db
      .selectFrom('blobs')
      .select(['hash', 'size'])
      .where('hash', '>', after)
      .orderBy('hash')
      .limit(1000)
      .execute();
    for (const r of rows) yield { hash: r.hash, size: Number(r.size) };
    if (rows.length < 1000) return;
    after = rows[rows.length - 1]!.hash;
  }
}

/** Every blob of a place once: the files, then database blobs that have no file. */
export async function* listBlobs(place: BlobPlace): AsyncGenerator<BlobEntry & { where: 'file' | 'db' }> {
  const files = place.dir ? new FileBlobStore(place.dir) : undefined;
  if (place.dir) for await (const b of fileBlobs(place.dir)) yield { ...b, where: 'file' };
  if (place.db)
    for await (const b of dbBlobs(place.db)) {
      if (files && existsSync(files.pathOf(b.hash)!)) continue;
      yield { ...b, where: 'db' };
    }
}

/** A blob's bytes, from its file if there is one, else from the database. */
export function openPlacedBlob(place: BlobPlace, hash: string): Readable {
  const file = place.dir ? new FileBlobStore(place.dir) : undefined;
  if (file && existsSync(file.pathOf(hash)!)) return file.open(hash);
  if (!place.db) throw new Error(`blob ${hash} is missing`);
  return openDbBlob(place.db, hash);
}

/**
 * Stores a blob's bytes in the target place (its directory if it has one,
 * else its database) and checks they hash to `hash`. In a database the
 * chunks go into `place.db`, which may be the caller's transaction.
 */
export async function putPlacedBlob(place: BlobPlace, source: Readable, hash: string): Promise<void> {
  const info = place.dir
    ? await new FileBlobStore(place.dir).put(source)
    : await putDbBlob(place.db!, (fn) => fn(place.db!), source);
  if (info.hash !== hash) throw new Error(`blob ${hash} read back as ${info.hash}: its bytes are damaged`);
}

/** The sha256 and size of a blob's bytes as a place has them. */
export async function hashPlacedBlob(place: BlobPlace, hash: string): Promise<BlobEntry> {
  const h = createHash('sha256');
  let size = 0;
  for await (const part of openPlacedBlob(place, hash)) {
    h.update(part as Buffer);
    size += (part as Buffer).length;
  }
  return { hash: h.digest('hex'), size };
}
