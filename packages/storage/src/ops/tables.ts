// Which tables make up a site, their keys and columns, as read from a live
// database: what backup, restore, verify and convert copy and checksum.
// Columns come from the database itself (so a column a later migration adds
// is copied without a change here); primary keys are declared, and a table
// nobody declared stops the copy rather than being left behind.
import { type Kysely, sql } from 'kysely';
import type { DialectCaps } from '../dialect.js';

/** Primary key of every table a site keeps, in the order tables are copied. */
export const TABLE_KEYS: Record<string, string[]> = {
  transactions: ['tid'],
  objects: ['uid'],
  revisions: ['uid', 'tid'],
  object_view: ['uid', 'token'],
  object_changes: ['tid', 'uid'],
  settings: ['key'],
  types: ['name'],
  users: ['id'],
  principal_groups: ['id'],
  group_members: ['group_id', 'kind', 'member_id'],
  password_resets: ['token_hash'],
  principals_version: ['id'],
  revoked_sessions: ['sid'],
  commit_lock: ['id'],
  catalog: ['rid'],
  catalog_access: ['rid'],
  catalog_keywords: ['idx', 'value', 'rid'],
  blob_texts: ['hash'],
  image_scales: ['source', 'scale_key'],
  trash: ['uid'],
  trash_objects: ['uid'],
  trash_view: ['trash_uid', 'token'],
  links: ['source_uid', 'relation', 'attribute', 'target_uid'],
  versions: ['uid', 'version'],
  locks: ['uid'],
  redirects: ['rid'],
  translations: ['uid'],
  comments: ['uid', 'comment_id'],
  content_rules: ['id'],
  content_rule_assignments: ['container_uid', 'rule_id'],
};

/** Columns filled from a sequence: set past the copied ids afterwards (PostgreSQL). */
export const SERIAL_COLUMNS: Array<[table: string, column: string]> = [
  ['transactions', 'tid'],
  ['catalog', 'rid'],
  ['redirects', 'rid'],
];

/**
 * Not copied as rows: blob bytes travel as blobs (between file store and
 * database as each side keeps them), the full-text table is in each
 * database's own format and is rebuilt (fulltext-rebuild.ts), and migration
 * bookkeeping is written by migrating the target.
 */
export const NOT_ROWS = /^(blobs|blob_chunks|catalog_text(_.*)?|kysely_migration(_lock)?)$/;

export type ColumnKind = 'int' | 'text';

export interface TableSpec {
  name: string;
  key: string[];
  /** Sorted by name: the canonical order, the same on every database. */
  columns: Array<{ name: string; kind: ColumnKind }>;
}

const kindOf = (dataType: string): ColumnKind =>
  /^(tiny|small|medium|big)?int(eger)?\d?$/i.test(dataType) ? 'int' : 'text';

/** The site's tables as this database has them; throws on a table no key is declared for. */
export async function siteTables(db: Kysely<any>): Promise<TableSpec[]> {
  const found = new Map<string, TableSpec['columns']>();
  for (const t of await db.introspection.getTables()) {
    if (NOT_ROWS.test(t.name) || t.isView) continue;
    found.set(
      t.name,
      t.columns
        .map((c) => ({ name: c.name, kind: kindOf(c.dataType) }))
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
    );
  }
  const unknown = [...found.keys()].filter((n) => !TABLE_KEYS[n]);
  if (unknown.length)
    throw new Error(
      `table(s) ${unknown.join(', ')} are not known to this version of tessera's backup/convert: refusing to copy a site partially`,
    );
  return Object.entries(TABLE_KEYS)
    .filter(([name]) => found.has(name))
    .map(([name, key]) => ({ name, key, columns: found.get(name)! }));
}

/** Names of the migrations applied to a database (empty when it has none). */
export async function appliedMigrations(db: Kysely<any>): Promise<string[]> {
  const tables = await db.introspection.getTables({ withInternalKyselyTables: true });
  if (!tables.some((t) => t.name === 'kysely_migration')) return [];
  const rows = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db);
  return rows.rows.map((r) => r.name);
}

/** Whether a database holds no site: no tables, or migrated tables without a transaction. */
export async function isEmptyDatabase(db: Kysely<any>): Promise<boolean> {
  const tables = await db.introspection.getTables({ withInternalKyselyTables: true });
  if (tables.length === 0) return true;
  if (!tables.some((t) => t.name === 'transactions')) return false;
  const row = await sql<{ n: number }>`select count(*) as n from transactions`.execute(db);
  if (Number(row.rows[0]?.n ?? 0) > 0) return false;
  const objects = tables.some((t) => t.name === 'objects')
    ? Number((await sql<{ n: number }>`select count(*) as n from objects`.execute(db)).rows[0]?.n ?? 0)
    : 0;
  return objects === 0;
}

/** Sets each sequence past the ids copied in explicitly (PostgreSQL; the others follow by themselves). */
export async function resetSequences(db: Kysely<any>, caps: DialectCaps): Promise<void> {
  if (caps.name !== 'postgres') return;
  for (const [table, column] of SERIAL_COLUMNS) {
    await sql`select setval(pg_get_serial_sequence(${table}, ${column}), coalesce((select max(${sql.ref(column)}) from ${sql.table(table)}), 0) + 1, false)`.execute(
      db,
    );
  }
}
