// Migration 0013: the trash (docs/decisions/0031-trash.md). A deleted subtree
// leaves `objects`, `object_view` and the catalog for these tables, so nothing
// that reads the tree can see it; restoring moves the rows back.
import { type Kysely, sql } from 'kysely';
import type { DialectCaps } from '../dialect.js';

export async function createTrashTables(db: Kysely<any>, caps: DialectCaps) {
  const json = sql.raw(caps.types.json);
  await db.schema
    .createTable('trash')
    .addColumn('uid', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('parent_uid', 'varchar(36)', (c) => c.notNull())
    .addColumn('path', 'varchar(2048)', (c) => c.notNull())
    .addColumn('id', 'varchar(255)', (c) => c.notNull())
    .addColumn('type', 'varchar(100)', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('deleted_by', 'varchar(255)')
    .addColumn('deleted_at', 'varchar(40)', (c) => c.notNull())
    .addColumn('expires_at', 'varchar(40)', (c) => c.notNull())
    .addColumn('items', 'integer', (c) => c.notNull())
    .execute();
  // The listing is newest first; the scheduled purge looks for expired entries.
  await db.schema.createIndex('trash_deleted_at').on('trash').column('deleted_at').execute();
  await db.schema.createIndex('trash_expires_at').on('trash').column('expires_at').execute();
  await db.schema
    .createTable('trash_objects')
    .addColumn('uid', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('trash_uid', 'varchar(36)', (c) => c.notNull())
    .addColumn('parent_uid', 'varchar(36)')
    .addColumn('id', 'varchar(255)', (c) => c.notNull())
    .addColumn('path', 'varchar(2048)', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('type', 'varchar(100)', (c) => c.notNull())
    .addColumn('tid', 'integer', (c) => c.notNull())
    .addColumn('created', 'varchar(40)', (c) => c.notNull())
    .addColumn('modified', 'varchar(40)', (c) => c.notNull())
    .addColumn('data', json, (c) => c.notNull())
    .addColumn('security', json)
    .addColumn('effective', 'varchar(40)')
    .addColumn('expires', 'varchar(40)')
    .addColumn('view', json, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('trash_objects_entry').on('trash_objects').column('trash_uid').execute();
  await db.schema
    .createTable('trash_view')
    .addColumn('trash_uid', 'varchar(36)', (c) => c.notNull())
    .addColumn('token', 'varchar(300)', (c) => c.notNull())
    .addPrimaryKeyConstraint('trash_view_pk', ['trash_uid', 'token'])
    .execute();
  await db.schema.createIndex('trash_view_token').on('trash_view').columns(['token', 'trash_uid']).execute();
}
