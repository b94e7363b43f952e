// Pack and check work online: in small batches, each its own short write
// transaction, with a pause between them so that writers waiting for the
// lock get in (SQLite's busy handler polls; it would starve behind a loop
// that takes the lock again at once).
import { type Kysely, sql, type Transaction } from 'kysely';
import type { DialectCaps } from '../dialect.js';
import type { Database } from '../schema.js';

export type Db = Kysely<Database> | Transaction<Database>;

/** Where pack and check work: the storage's connection and what it needs to know. */
export interface PackTarget {
  db: Kysely<Database>;
  caps: DialectCaps;
  /** The blob file store's directory, when blobs are kept as files. */
  blobDir?: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `fn` in its own short write transaction. SQLite: BEGIN IMMEDIATE
 * (the write lock up front, waiting as the busy timeout allows, instead of
 * failing to upgrade a read); elsewhere READ COMMITTED (no gap locks on the
 * ranges deleted). Afterwards pauses as long as the batch took (at least a
 * few milliseconds), so concurrent writers wait at most about one batch.
 */
export async function inBatch<T>(target: PackTarget, fn: (db: Db) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await once(target, fn);
    } catch (err) {
      // A lock not granted in time or a deadlock: the batch was rolled back whole; try again.
      if (attempt >= 5 || !transient(err)) throw err;
      await sleep(100 * attempt);
    }
  }
}

/** SQLite busy, PostgreSQL deadlock / serialization failure, MariaDB lock wait timeout / deadlock. */
function transient(err: unknown): boolean {
  const e = err as { code?: unknown; errno?: unknown };
  return (
    (typeof e.code === 'string' &&
      /^(SQLITE_BUSY|40P01|40001|ER_LOCK_WAIT_TIMEOUT|ER_LOCK_DEADLOCK)/.test(e.code)) ||
    e.errno === 1205 ||
    e.errno === 1213
  );
}

async function once<T>(target: PackTarget, fn: (db: Db) => Promise<T>): Promise<T> {
  const started = performance.now();
  let result: T;
  if (target.caps.name === 'sqlite') {
    result = await target.db.connection().execute(async (conn) => {
      await sql`begin immediate`.execute(conn);
      try {
        const out = await fn(conn);
        await sql`commit`.execute(conn);
        return out;
      } catch (err) {
        await sql`rollback`.execute(conn).catch(() => {});
        throw err;
      }
    });
  } else {
    result = await target.db.transaction().setIsolationLevel('read committed').execute(fn);
  }
  const took = performance.now() - started;
  await sleep(Math.min(250, Math.max(target.caps.name === 'sqlite' ? 5 : 1, took)));
  return result;
}

/**
 * Makes every commit of this connection durable at COMMIT (SQLite's default
 * here syncs the WAL off the main thread, which pack does not wait for):
 * removed revisions must be on disk before the blob files they referenced go.
 */
export async function syncEveryCommit(target: PackTarget) {
  if (target.caps.name === 'sqlite') await sql`pragma synchronous = FULL`.execute(target.db);
}

/** `items` in slices of `size`. */
export function* slices<T>(items: readonly T[], size: number): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}
