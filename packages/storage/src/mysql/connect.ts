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
  return new KyselyStorage(db, MYSQL, { blobDir: opts.blobDir });
}
