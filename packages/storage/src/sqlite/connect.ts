// The embedded default: one SQLite file in the data directory, in WAL mode.
// An acknowledged commit survives kill -9 and power loss: SQLite runs with
// synchronous=NORMAL and the WAL is fdatasync'ed off the main thread before
// a commit's writes are acknowledged (WalSync; docs/decisions/0001 and 0011).
import { mkdirSync, realpathSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { SQLITE } from '../dialect.js';
import { type CommitDurability, KyselyStorage } from '../kysely-storage.js';
import type { Database } from '../schema.js';
import { type SyncFile, WalSync } from './wal-sync.js';

export interface SqliteOptions {
  /** Replaces fdatasync(2) on the -wal file (tests observe, delay or fail it). */
  syncFile?: SyncFile;
  /** Keep blobs as files in this directory (else in the database file). */
  blobDir?: string;
}

export function openSqlite(file: string, opts: SqliteOptions = {}): KyselyStorage {
  const inMemory = file === ':memory:' || file === '';
  // A new data directory is the owner's alone: the database holds password hashes and signing secrets.
  if (!inMemory) mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const database = new SQLite(file);
  const mode = String(database.pragma('journal_mode = WAL', { simple: true })).toLowerCase();
  let durability: CommitDurability | undefined;
  if (mode === 'wal' && !inMemory) {
    // SQLite names the WAL after the database file it resolved (symlinks followed).
    durability = new WalSync(`${realpathSync(file)}-wal`, opts.syncFile);
    database.pragma('synchronous = NORMAL');
  } else {
    // No WAL (a file system without shared memory, or an in-memory database):
    // let SQLite sync every commit itself.
    database.pragma('synchronous = FULL');
  }
  database.pragma('foreign_keys = ON');
  database.pragma('busy_timeout = 5000');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(database) }) });
  // data_version changes when another connection (another process) commits.
  // Asking costs ~10 µs, so ask at most once a millisecond: another process's
  // commit (an admin command, a second server) shows within 1 ms.
  const dataVersion = database.prepare('PRAGMA data_version').pluck();
  let seen = -1;
  let askedAt = 0;
  let pending = true;
  const foreignCommits = () => {
    const now = performance.now();
    if (now - askedAt >= 1) {
      askedAt = now;
      const v = dataVersion.get() as number;
      if (v !== seen) pending = true;
      seen = v;
    }
    const changed = pending;
    pending = false;
    return changed;
  };
  keepPlannerStatistics(db, database);
  return new KyselyStorage(db, SQLITE, { foreignCommits, durability, blobDir: opts.blobDir });
}

/**
 * SQLite's planner picks indexes by the statistics ANALYZE keeps; without
 * them it may scan a whole type for a query one folder answers. PRAGMA
 * optimize re-analyzes tables whose size changed tenfold (bounded work with
 * analysis_limit), as SQLite advises for long-lived connections: at start
 * and every minute, through Kysely so that it never runs inside a request's
 * transaction.
 */
function keepPlannerStatistics(db: Kysely<Database>, database: SQLite.Database) {
  database.pragma('analysis_limit = 1000');
  const optimize = () =>
    sql`pragma optimize`.execute(db).catch(() => {
      clearInterval(timer);
    });
  const timer = setInterval(optimize, 60_000);
  timer.unref();
  void optimize();
}

/**
 * Kysely prepares every query anew; better-sqlite3's prepare() is the costly
 * part of a small query. Reuse prepared statements by SQL text (Kysely's
 * compiled SQL is parameterised, so the set of texts is small), bounded.
 */
function withStatementCache(database: SQLite.Database, max = 500) {
  const statements = new Map<string, SQLite.Statement>();
  return {
    close: () => database.close(),
    prepare(sql: string) {
      let stmt = statements.get(sql);
      if (!stmt) {
        if (statements.size >= max) statements.clear();
        stmt = database.prepare(sql);
        statements.set(sql, stmt);
      }
      return stmt;
    },
  };
}
