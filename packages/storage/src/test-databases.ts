// Throwaway databases on the machine's PostgreSQL and MariaDB servers, one
// per test run, dropped afterwards. Server URLs come from TESSERA_TEST_PG /
// TESSERA_TEST_MYSQL, defaulting to the local trust/root set-up.
import { randomBytes } from 'node:crypto';
import { createConnection } from 'mysql2/promise';
import pg from 'pg';

export const PG_SERVER = process.env.TESSERA_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const MYSQL_SERVER = process.env.TESSERA_TEST_MYSQL ?? 'mysql://root@127.0.0.1:3306/';

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

const uniqueName = () => `tessera_test_${process.pid}_${randomBytes(4).toString('hex')}`;

function withDatabase(server: string, name: string) {
  const u = new URL(server);
  u.pathname = `/${name}`;
  return u.toString();
}

export async function createPostgresDatabase(): Promise<TestDatabase> {
  const name = uniqueName();
  const admin = new pg.Client({ connectionString: PG_SERVER });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  return {
    url: withDatabase(PG_SERVER, name),
    async drop() {
      const c = new pg.Client({ connectionString: PG_SERVER });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

export async function createMysqlDatabase(): Promise<TestDatabase> {
  const name = uniqueName();
  const admin = await createConnection({ uri: MYSQL_SERVER });
  await admin.query(`CREATE DATABASE ${name} CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`);
  await admin.end();
  return {
    url: withDatabase(MYSQL_SERVER, name),
    async drop() {
      const c = await createConnection({ uri: MYSQL_SERVER });
      await c.query(`DROP DATABASE IF EXISTS ${name}`);
      await c.end();
    },
  };
}

/** A database for TESSERA_TEST_DB=sqlite|postgres|mysql (sqlite: undefined, use a temp dir). */
export async function createTestDatabase(
  kind = process.env.TESSERA_TEST_DB ?? 'sqlite',
): Promise<TestDatabase | undefined> {
  if (kind === 'postgres') return createPostgresDatabase();
  if (kind === 'mysql') return createMysqlDatabase();
  if (kind === 'sqlite') return undefined;
  throw new Error(`TESSERA_TEST_DB must be sqlite, postgres or mysql, not "${kind}"`);
}
