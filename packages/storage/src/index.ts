import type { KyselyStorage } from './kysely-storage.js';
import { openMysql } from './mysql/connect.js';
import { openPostgres } from './postgres/connect.js';
import { openSqlite } from './sqlite/connect.js';

export { isDatabaseUnavailable, isRetryableConflict } from './db-errors.js';
export { KyselyStorage, type RootWriteTx } from './kysely-storage.js';
export { openMysql } from './mysql/connect.js';
export * from './pack/index.js';
export { openPostgres } from './postgres/connect.js';
export { openSqlite } from './sqlite/connect.js';

/** The database URL with any password masked, for messages and logs. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');
}

/**
 * Opens the storage a database URL names: empty or `sqlite:<file>` for the
 * embedded default, `postgres://…` / `postgresql://…`, `mysql://…` / `mariadb://…`.
 */
export function openStorage(opts: { db: string; dataDir: string; blobDir?: string }): KyselyStorage {
  const url = opts.db;
  const blobDir = blobDirOf(opts);
  if (!url || url.startsWith('sqlite:')) {
    const file = url ? url.slice('sqlite:'.length).replace(/^\/\//, '') : `${opts.dataDir}/tessera.db`;
    return openSqlite(file, { blobDir });
  }
  if (/^postgres(ql)?:\/\//.test(url)) return openPostgres(url, { blobDir });
  if (/^(mysql|mariadb):\/\//.test(url)) return openMysql(url.replace(/^mariadb:/, 'mysql:'), { blobDir });
  throw new Error(`Unsupported database URL "${redactUrl(url)}" (use sqlite:, postgres:// or mysql://)`);
}
export * as ops from './ops/index.js';

/** Where openStorage() keeps blobs as files, or undefined when they go in the database. */
export function blobDirOf(opts: { db: string; dataDir: string; blobDir?: string }): string | undefined {
  // The embedded default keeps blobs as files beside the database, as Plone keeps blobstorage beside Data.fs.
  if (!opts.db || opts.db.startsWith('sqlite:')) return opts.blobDir || `${opts.dataDir}/blobs`;
  // Several hosts share one database server: blobs go in it unless a shared directory is given.
  return opts.blobDir || undefined;
}
