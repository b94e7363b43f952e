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
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
  return new KyselyStorage(db, SQLITE);
}
