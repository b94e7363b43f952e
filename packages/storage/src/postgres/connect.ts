// PostgreSQL through node-postgres' pool. Numeric bigints come back as
// strings; the shared code converts with Number().
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { POSTGRES } from '../dialect.js';
import { KyselyStorage } from '../kysely-storage.js';
import type { Database } from '../schema.js';

export function openPostgres(url: string, opts: { poolSize?: number; blobDir?: string } = {}): KyselyStorage {
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.poolSize ?? 10,
    // While the server is down a request fails (503) instead of waiting forever for a connection.
    connectionTimeoutMillis: 5000,
  });
  // An idle client's error (server restart) must not crash the process; the
  // pool drops that client and connects afresh on the next request.
  pool.on('error', () => {});
  // The same for a client in use: its query fails (→ 503) and the pool drops
  // it on release; unheard, the 'error' event would end the process.
  pool.on('connect', (client) => client.on('error', () => {}));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return new KyselyStorage(db, POSTGRES, {
    blobDir: opts.blobDir,
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
  });
}
