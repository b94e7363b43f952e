// What a database URL plus a data/blob directory mean for backup, restore
// and convert — the same rules as openStorage(): empty or `sqlite:` is a
// SQLite file (default <data>/tessera.db) with blobs as files (default
// <data>/blobs); PostgreSQL and MariaDB keep blobs in the database unless a
// blob directory is given.
import { existsSync, readdirSync, statSync } from 'node:fs';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { openStorage, redactUrl } from '../index.js';
import type { KyselyStorage } from '../kysely-storage.js';
import type { Database } from '../schema.js';
import { fileBlobs } from './blob-places.js';
import { isEmptyDatabase } from './tables.js';

export interface Endpoint {
  /** As given, for openStorage(). */
  db: string;
  dataDir: string;
  /** The SQLite file, for a SQLite endpoint. */
  sqliteFile?: string;
  /** Where blob files are (SQLite: always; others: when configured). */
  blobDir?: string;
  dialect: 'sqlite' | 'postgres' | 'mysql';
  /** For messages: the URL with any password masked. */
  label: string;
}

export function endpoint(opts: { db: string; dataDir: string; blobDir?: string }): Endpoint {
  const url = opts.db;
  if (!url || url.startsWith('sqlite:')) {
    const file = url ? url.slice('sqlite:'.length).replace(/^\/\//, '') : `${opts.dataDir}/tessera.db`;
    return {
      db: url,
      dataDir: opts.dataDir,
      sqliteFile: file,
      blobDir: opts.blobDir || `${opts.dataDir}/blobs`,
      dialect: 'sqlite',
      label: `sqlite:${file}`,
    };
  }
  const dialect = /^postgres(ql)?:\/\//.test(url)
    ? 'postgres'
    : /^(mysql|mariadb):\/\//.test(url)
      ? 'mysql'
      : undefined;
  if (!dialect)
    throw new Error(`Unsupported database URL "${redactUrl(url)}" (use sqlite:, postgres:// or mysql://)`);
  return {
    db: url,
    dataDir: opts.dataDir,
    blobDir: opts.blobDir || undefined,
    dialect,
    label: redactUrl(url),
  };
}

export function open(ep: Endpoint): KyselyStorage {
  return openStorage({ db: ep.db, dataDir: ep.dataDir, blobDir: ep.blobDir });
}

/** A SQLite file opened read-only, without changing it (no WAL switch, no optimize). */
export function openSqliteReadOnly(file: string): Kysely<Database> {
  const database = new SQLite(file, { readonly: true, fileMustExist: true });
  return new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
}

/** Why `ep` is not empty (a site, or blob files, are there already), or undefined when it is. */
export async function whyNotEmpty(ep: Endpoint): Promise<string | undefined> {
  if (ep.blobDir && existsSync(ep.blobDir)) {
    for await (const _ of fileBlobs(ep.blobDir)) return `the blob directory ${ep.blobDir} holds blobs`;
  }
  if (ep.sqliteFile) {
    if (existsSync(ep.sqliteFile) && statSync(ep.sqliteFile).size > 0) {
      const db = openSqliteReadOnly(ep.sqliteFile);
      try {
        if (!(await isEmptyDatabase(db))) return `${ep.sqliteFile} holds a site`;
      } finally {
        await db.destroy();
      }
    }
    return undefined;
  }
  const storage = open(ep);
  try {
    if (!(await isEmptyDatabase(storage.db))) return `the database ${ep.label} holds a site`;
  } finally {
    await storage.close();
  }
  return undefined;
}

/** Whether a directory has nothing in it (or does not exist). */
export function isEmptyDir(dir: string): boolean {
  return !existsSync(dir) || readdirSync(dir).length === 0;
}
