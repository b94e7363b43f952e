// Migration 0015: content rules (docs/decisions/0035-content-rules.md). A rule
// row holds its conditions and actions as JSON text (they are read and
// written whole, never queried); assignments are keyed by the container's
// UID so that they follow the container when it moves or is renamed.
import { type Kysely, sql } from 'kysely';
import type { DialectCaps } from '../dialect.js';

export async function createContentRuleTables(db: Kysely<any>, caps: DialectCaps) {
  // Conditions and actions can be long (a mail action's text): the dialect's
  // JSON column type (longtext on MariaDB, whose text stops at 64 KB).
  const json = sql.raw(caps.types.json);
  await db.schema
    .createTable('content_rules')
    .addColumn('id', 'varchar(100)', (c) => c.primaryKey())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('event', 'varchar(200)', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull())
    .addColumn('stop', 'integer', (c) => c.notNull())
    .addColumn('cascading', 'integer', (c) => c.notNull())
    .addColumn('conditions', json, (c) => c.notNull())
    .addColumn('actions', json, (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('content_rule_assignments')
    .addColumn('container_uid', 'varchar(36)', (c) => c.notNull())
    .addColumn('rule_id', 'varchar(100)', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull())
    .addColumn('bubbles', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('content_rule_assignments_pk', ['container_uid', 'rule_id'])
    .execute();
  await db.schema
    .createIndex('content_rule_assignments_rule')
    .on('content_rule_assignments')
    .column('rule_id')
    .execute();
}
