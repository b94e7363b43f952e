// MariaDB / MySQL through mysql2's pool, utf8mb4 throughout.
import { Kysely, MysqlDialect } from 'kysely';
import { createPool } from 'mysql2';
import { MYSQL } from '../dialect.js';
import { KyselyStorage } from '../kysely-storage.js';
import type { Database } from '../schema.js';

export function openMysql(url: string, opts: { poolSize?: number; blobDir?: string } = {}): KyselyStorage {
  const pool = createPool({
    uri: url,
    connectionLimit: opts.poolSize ?? 10,
    charset: 'utf8mb4',
    supportBigNumbers: true,
  });
  const db = new Kysely<Database>({ dialect: new MysqlDialect({ pool }) });
  return new KyselyStorage(db, MYSQL, { blobDir: opts.blobDir, poolStats: () => mysqlPoolStats(pool) });
}

/**
 * mysql2 keeps its pool's connection lists in fields it does not document
 * (stable since its first releases); read defensively, 0 when they change.
 */
function mysqlPoolStats(pool: object) {
  const p = pool as Record<string, { length?: number } | undefined>;
  const len = (k: string) => Number(p[k]?.length ?? 0);
  return { total: len('_allConnections'), idle: len('_freeConnections'), waiting: len('_connectionQueue') };
}
