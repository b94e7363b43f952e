// The embedded default: one SQLite file in the data directory, WAL mode with
// synchronous=FULL so an acknowledged commit survives kill -9 and power loss
// (docs/decisions/0001-sqlite-durability.md).
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { SQLITE } from '../dialect.js';
import { KyselyStorage } from '../kysely-storage.js';
import type { Database } from '../schema.js';

export function openSqlite(file: string): KyselyStorage {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const database = new SQLite(file);
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = FULL');
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
  return new KyselyStorage(db, SQLITE, foreignCommits);
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
