// Capability flags instead of "which database am I": the shared Kysely code
// asks these, each database folder provides them.
import { type RawBuilder, type SqlBool, sql } from 'kysely';
import type { FullText } from './catalog/fulltext.js';
import { mysqlFullText } from './mysql/fulltext.js';
import { postgresFullText } from './postgres/fulltext.js';
import { sqliteFullText } from './sqlite/fulltext.js';
export interface DialectCaps {
  name: 'sqlite' | 'postgres' | 'mysql';
  /** INSERT … RETURNING. */
  returning: boolean;
  /**
   * The driver reports the id an INSERT generated (SQLite's last_insert_rowid,
   * MySQL's insertId): new transaction ids are read from it, which is cheaper
   * than RETURNING. Else RETURNING is used.
   */
  insertId: boolean;
  /** ON CONFLICT … DO UPDATE (PostgreSQL, SQLite) vs ON DUPLICATE KEY UPDATE (MySQL). */
  onConflict: boolean;
  /**
   * Writers take a row lock on `commit_lock` first, so transaction ids are
   * handed out in commit order. SQLite has one writer anyway.
   */
  commitLock: boolean;
  /** Concurrent writes share one COMMIT (see KyselyStorage.drain). */
  groupCommit: boolean;
  /** Column types. */
  types: {
    autoId: string;
    json: string;
    blob: string;
  };
  /** SQL: `haystack` contains `needle` (case-sensitive), e.g. a view token in catalog_access.view. */
  contains(haystack: RawBuilder<string>, needle: string): RawBuilder<SqlBool>;
  /** The catalog's full-text engine. */
  fullText: FullText;
  /** Read transactions run at this isolation level (a consistent snapshot). */
  readIsolation?: 'repeatable read' | 'serializable';
}

export const SQLITE: DialectCaps = {
  name: 'sqlite',
  returning: true,
  insertId: true,
  onConflict: true,
  commitLock: false,
  // One writer and one fsync per COMMIT: sharing commits is where throughput comes from.
  groupCommit: true,
  types: { autoId: 'integer', json: 'text', blob: 'blob' },
  contains: (h, n) => sql<SqlBool>`instr(${h}, ${n}) > 0`,
  fullText: sqliteFullText,
};

export const POSTGRES: DialectCaps = {
  name: 'postgres',
  returning: true,
  insertId: false,
  onConflict: true,
  commitLock: true,
  groupCommit: false,
  types: { autoId: 'serial', json: 'text', blob: 'bytea' },
  contains: (h, n) => sql<SqlBool>`strpos(${h}, ${n}) > 0`,
  fullText: postgresFullText,
  readIsolation: 'repeatable read',
};

export const MYSQL: DialectCaps = {
  name: 'mysql',
  returning: false,
  insertId: true,
  onConflict: false,
  commitLock: true,
  groupCommit: false,
  types: { autoId: 'integer', json: 'longtext', blob: 'longblob' },
  // The column is binary (utf8mb4_bin): the test is case-sensitive.
  contains: (h, n) => sql<SqlBool>`locate(${n}, ${h}) > 0`,
  fullText: mysqlFullText,
  readIsolation: 'repeatable read',
};
