import type { KyselyStorage } from './kysely-storage.js';
import { openSqlite } from './sqlite/connect.js';

export { KyselyStorage, type RootWriteTx } from './kysely-storage.js';
export { openSqlite } from './sqlite/connect.js';

/** Opens the storage a database URL names (empty: the embedded SQLite file). */
export function openStorage(opts: { db: string; dataDir: string }): KyselyStorage {
  const url = opts.db;
  if (!url || url.startsWith('sqlite:')) {
    const file = url ? url.slice('sqlite:'.length).replace(/^\/\//, '') : `${opts.dataDir}/tessera.db`;
    return openSqlite(file);
  }
  throw new Error(`Unsupported database URL "${url.replace(/:[^:@/]*@/, ':***@')}" (supported: sqlite:)`);
}
