// Figures about the database itself for site administration (@database,
// @transactions, the dexterity-types panel's counts, @upgrade): see
// core/src/ports/site-admin.ts. Everything reads inside the caller's
// transaction, so the figures are one consistent snapshot.
import type { DatabaseStats, SiteAdminReader, TransactionLogEntry } from '@tessera/core';
import { type Kysely, type RawBuilder, sql, type Transaction } from 'kysely';
import type { DialectCaps } from '../dialect.js';
import { migrations } from '../migrations.js';
import type { Database } from '../schema.js';

type Db = Kysely<Database> | Transaction<Database>;

const num = (v: unknown) => Number(v ?? 0);

/** Bytes of a text column's value (characters are not bytes). */
function octets(caps: DialectCaps, column: string): RawBuilder<number> {
  return caps.name === 'sqlite'
    ? sql<number>`length(cast(${sql.ref(column)} as blob))`
    : sql<number>`octet_length(${sql.ref(column)})`;
}

async function databaseSize(db: Db, caps: DialectCaps): Promise<{ name: string; bytes: number }> {
  if (caps.name === 'sqlite') {
    const size = await sql<{
      n: number;
    }>`select page_count * page_size as n from pragma_page_count(), pragma_page_size()`.execute(db);
    const file = await sql<{
      file: string;
    }>`select file from pragma_database_list where name = 'main'`.execute(db);
    const path = file.rows[0]?.file ?? '';
    return { name: path.split(/[\\/]/).pop() || 'main', bytes: num(size.rows[0]?.n) };
  }
  if (caps.name === 'postgres') {
    const r = await sql<{
      name: string;
      n: string;
    }>`select current_database() as name, pg_database_size(current_database()) as n`.execute(db);
    return { name: r.rows[0]?.name ?? '', bytes: num(r.rows[0]?.n) };
  }
  const r = await sql<{
    name: string;
    n: string;
  }>`select database() as name, coalesce(sum(data_length + index_length), 0) as n
    from information_schema.tables where table_schema = database()`.execute(db);
  return { name: r.rows[0]?.name ?? '', bytes: num(r.rows[0]?.n) };
}

async function count(db: Db, table: keyof Database): Promise<number> {
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  return num(row?.n);
}

async function countsByType(db: Db, table: 'objects' | 'trash_objects'): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom(table)
    .select(['type', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('type')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.type, num(r.n)]));
}

export function siteAdminReader(db: Db, caps: DialectCaps, blobFiles: boolean): SiteAdminReader {
  return {
    async transactionLog({ limit }) {
      const rows = await db
        .selectFrom('transactions')
        .select(['tid', 'at', 'principal', 'note', 'path'])
        .orderBy('tid', 'desc')
        .limit(limit)
        .execute();
      const tids = rows.map((r) => Number(r.tid));
      const sizes = new Map<number, number>();
      if (tids.length) {
        const sized = await db
          .selectFrom('revisions')
          .select(['tid', sql<number>`sum(${octets(caps, 'data')})`.as('bytes')])
          .where('tid', 'in', tids)
          .groupBy('tid')
          .execute();
        for (const s of sized) sizes.set(Number(s.tid), num(s.bytes));
      }
      const items: TransactionLogEntry[] = rows.map((r) => ({
        tid: Number(r.tid),
        at: r.at,
        principal: r.principal,
        note: r.note,
        path: r.path,
        bytes: sizes.get(Number(r.tid)) ?? 0,
      }));
      return { items, total: await count(db, 'transactions') };
    },

    async databaseStats(): Promise<DatabaseStats> {
      const { name, bytes } = await databaseSize(db, caps);
      const blobs = await db
        .selectFrom('blobs')
        .select([(eb) => eb.fn.countAll<number>().as('n'), (eb) => eb.fn.sum<number>('size').as('bytes')])
        .executeTakeFirst();
      return {
        dialect: caps.name,
        name,
        bytes,
        objects: await count(db, 'objects'),
        trashed: await count(db, 'trash_objects'),
        revisions: await count(db, 'revisions'),
        transactions: await count(db, 'transactions'),
        blobs: num(blobs?.n),
        blobBytes: num(blobs?.bytes),
        blobFiles,
      };
    },

    async contentCounts() {
      return { live: await countsByType(db, 'objects'), trashed: await countsByType(db, 'trash_objects') };
    },

    async schemaMigrations() {
      const code = Object.keys(migrations(caps)).sort();
      const rows = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db);
      return { code, applied: rows.rows.map((r) => r.name) };
    },
  };
}
