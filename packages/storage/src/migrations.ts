// Versioned schema migrations, shared by every dialect (Kysely's schema
// builder emits the dialect's DDL). Add a new entry; never edit a shipped one.
import { type Kysely, type Migration, type MigrationProvider, Migrator, sql } from 'kysely';
import { createCommentsTable } from './comments/schema.js';
import { createContentRuleTables } from './content-rules/schema.js';
import type { DialectCaps } from './dialect.js';
import { backfillLinks } from './links/backfill.js';
import { createTranslationsTable } from './translations/translations-table.js';
import { createTrashTables } from './trash/schema.js';

/** Every migration by name (exported for tests that run one again). */
export function migrations(caps: DialectCaps): Record<string, Migration> {
  const t = caps.types;
  return {
    '0001_initial': {
      async up(db: Kysely<any>) {
        await db.schema
          .createTable('transactions')
          .addColumn('tid', sql.raw(t.autoId), (c) =>
            caps.name === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
          )
          .addColumn('at', 'varchar(40)', (c) => c.notNull())
          .addColumn('principal', 'varchar(255)')
          .addColumn('note', 'text', (c) => c.notNull())
          .addColumn('path', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('objects')
          .addColumn('uid', 'varchar(36)', (c) => c.primaryKey())
          .addColumn('parent_uid', 'varchar(36)')
          .addColumn('id', 'varchar(255)', (c) => c.notNull())
          .addColumn('path', 'varchar(2048)', (c) => c.notNull())
          .addColumn('position', 'integer', (c) => c.notNull())
          .addColumn('type', 'varchar(100)', (c) => c.notNull())
          .addColumn('tid', 'integer', (c) => c.notNull())
          .addColumn('created', 'varchar(40)', (c) => c.notNull())
          .addColumn('modified', 'varchar(40)', (c) => c.notNull())
          .addColumn('data', sql.raw(t.json), (c) => c.notNull())
          .execute();
        if (caps.name === 'mysql') {
          // InnoDB keys are at most 3072 bytes: index a prefix of the path.
          // Uniqueness of paths already follows from (parent_uid, id).
          await sql`create index objects_path on objects (path(700))`.execute(db);
        } else {
          await db.schema.createIndex('objects_path').on('objects').column('path').unique().execute();
        }
        await db.schema
          .createIndex('objects_parent_id')
          .on('objects')
          .columns(['parent_uid', 'id'])
          .unique()
          .execute();
        await db.schema
          .createIndex('objects_parent_position')
          .on('objects')
          .columns(['parent_uid', 'position'])
          .execute();
        await db.schema
          .createTable('revisions')
          .addColumn('uid', 'varchar(36)', (c) => c.notNull())
          .addColumn('tid', 'integer', (c) => c.notNull())
          .addColumn('path', 'varchar(2048)', (c) => c.notNull())
          .addColumn('type', 'varchar(100)', (c) => c.notNull())
          .addColumn('data', sql.raw(t.json), (c) => c.notNull())
          .addColumn('deleted', 'integer', (c) => c.notNull().defaultTo(0))
          .addPrimaryKeyConstraint('revisions_pk', ['uid', 'tid'])
          .execute();
        await db.schema
          .createTable('settings')
          .addColumn('key', 'varchar(255)', (c) => c.primaryKey())
          .addColumn('value', sql.raw(t.json), (c) => c.notNull())
          .addColumn('tid', 'integer', (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('types')
          .addColumn('name', 'varchar(100)', (c) => c.primaryKey())
          .addColumn('def', sql.raw(t.json), (c) => c.notNull())
          .addColumn('tid', 'integer', (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('users')
          .addColumn('id', 'varchar(255)', (c) => c.primaryKey())
          .addColumn('login', 'varchar(255)', (c) => c.notNull().unique())
          .addColumn('fullname', 'varchar(255)', (c) => c.notNull())
          .addColumn('email', 'varchar(255)', (c) => c.notNull())
          .addColumn('password_hash', 'varchar(512)', (c) => c.notNull())
          .addColumn('roles', 'text', (c) => c.notNull())
          .addColumn('tid', 'integer', (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('blobs')
          .addColumn('hash', 'varchar(64)', (c) => c.primaryKey())
          .addColumn('size', 'bigint', (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('blob_chunks')
          .addColumn('hash', 'varchar(64)', (c) => c.notNull())
          .addColumn('seq', 'integer', (c) => c.notNull())
          .addColumn('data', sql.raw(t.blob), (c) => c.notNull())
          .addPrimaryKeyConstraint('blob_chunks_pk', ['hash', 'seq'])
          .execute();
        await db.schema
          .createTable('commit_lock')
          .addColumn('id', 'integer', (c) => c.primaryKey())
          .execute();
        await db.insertInto('commit_lock').values({ id: 1 }).execute();
      },
    },
    '0002_revisions_by_tid': {
      async up(db: Kysely<any>) {
        // changesSince() reads the revisions committed after a tid.
        await db.schema.createIndex('revisions_tid').on('revisions').column('tid').execute();
      },
    },
    '0003_principals': {
      async up(db: Kysely<any>) {
        // Profile properties (fields of @userschema) as JSON, and the token
        // generation a JWT must carry to be accepted (raised by @logout and
        // password changes).
        await db.schema.alterTable('users').addColumn('properties', sql.raw(t.json)).execute();
        await db.schema
          .alterTable('users')
          .addColumn('token_gen', 'integer', (c) => c.notNull().defaultTo(0))
          .execute();
        await db.schema
          .createTable('principal_groups')
          .addColumn('id', 'varchar(255)', (c) => c.primaryKey())
          .addColumn('title', 'varchar(255)', (c) => c.notNull())
          .addColumn('description', 'text', (c) => c.notNull())
          .addColumn('email', 'varchar(255)', (c) => c.notNull())
          .addColumn('roles', 'text', (c) => c.notNull())
          .addColumn('tid', 'integer', (c) => c.notNull())
          .execute();
        // Members of a group: users and (nested) groups.
        await db.schema
          .createTable('group_members')
          .addColumn('group_id', 'varchar(255)', (c) => c.notNull())
          .addColumn('kind', 'varchar(8)', (c) => c.notNull())
          .addColumn('member_id', 'varchar(255)', (c) => c.notNull())
          .addPrimaryKeyConstraint('group_members_pk', ['group_id', 'kind', 'member_id'])
          .execute();
        await db.schema
          .createIndex('group_members_member')
          .on('group_members')
          .columns(['member_id', 'kind'])
          .execute();
        // Only a hash of each reset token is kept.
        await db.schema
          .createTable('password_resets')
          .addColumn('token_hash', 'varchar(64)', (c) => c.primaryKey())
          .addColumn('user_id', 'varchar(255)', (c) => c.notNull())
          .addColumn('expires', 'varchar(40)', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('password_resets_user').on('password_resets').column('user_id').execute();
        // Sessions ended by @logout (the `sid` claim of their tokens), kept
        // until those tokens would have expired anyway.
        await db.schema
          .createTable('revoked_sessions')
          .addColumn('sid', 'varchar(64)', (c) => c.primaryKey())
          .addColumn('user_id', 'varchar(255)', (c) => c.notNull())
          .addColumn('expires', 'varchar(40)', (c) => c.notNull())
          .execute();
        // One row whose tid is the last change to any user, group or
        // membership: deletions leave no row behind to find, this does.
        await db.schema
          .createTable('principals_version')
          .addColumn('id', 'integer', (c) => c.primaryKey())
          .addColumn('tid', 'integer', (c) => c.notNull())
          .execute();
        await db.insertInto('principals_version').values({ id: 1, tid: 0 }).execute();
        // Plone's stock groups. AuthenticatedUsers is virtual: every
        // authenticated user is in it; its row carries the roles it grants.
        const builtin = [
          ['Administrators', 'Administrators', '', ['Manager']],
          ['Site Administrators', 'Site Administrators', '', ['Site Administrator']],
          ['Reviewers', 'Reviewers', '', ['Reviewer']],
          ['AuthenticatedUsers', 'Authenticated Users (Virtual Group)', 'Automatic Group Provider', []],
        ] as const;
        for (const [id, title, description, roles] of builtin) {
          await db
            .insertInto('principal_groups')
            .values({ id, title, description, email: '', roles: JSON.stringify(roles), tid: 0 })
            .execute();
        }
      },
    },
    '0004_security': {
      async up(db: Kysely<any>) {
        // Materialised security (docs/decisions/0009-materialised-security.md):
        // each object's effective descriptor, its publication window, and its
        // view tokens, so listings filter in SQL.
        await db.schema.alterTable('objects').addColumn('security', sql.raw(t.json)).execute();
        await db.schema.alterTable('objects').addColumn('effective', 'varchar(40)').execute();
        await db.schema.alterTable('objects').addColumn('expires', 'varchar(40)').execute();
        await db.schema
          .createTable('object_view')
          .addColumn('uid', 'varchar(36)', (c) => c.notNull())
          .addColumn('token', 'varchar(300)', (c) => c.notNull())
          .addPrimaryKeyConstraint('object_view_pk', ['uid', 'token'])
          .execute();
        await db.schema
          .createIndex('object_view_token')
          .on('object_view')
          .columns(['token', 'uid'])
          .execute();
        // Objects whose cached serializations a commit invalidates without a
        // new revision (a security change): read by changesSince().
        await db.schema
          .createTable('object_changes')
          .addColumn('tid', 'integer', (c) => c.notNull())
          .addColumn('uid', 'varchar(36)', (c) => c.notNull())
          .addPrimaryKeyConstraint('object_changes_pk', ['tid', 'uid'])
          .execute();
      },
    },
    '0005_catalog': {
      async up(db: Kysely<any>) {
        await createCatalog(db, caps);
      },
    },
    '0006_image_scales': {
      async up(db: Kysely<any>) {
        // Scales generated on first request (docs/decisions/0017-image-scales.md):
        // the rendering `scale_key` of the image whose blob is `source` is the
        // blob `blob`. Rows never change; the key makes concurrent inserts of
        // the same scale collide harmlessly (the first wins).
        await db.schema
          .createTable('image_scales')
          .addColumn('source', 'varchar(64)', (c) => c.notNull())
          .addColumn('scale_key', 'varchar(64)', (c) => c.notNull())
          .addColumn('blob', 'varchar(64)', (c) => c.notNull())
          .addColumn('width', 'integer', (c) => c.notNull())
          .addColumn('height', 'integer', (c) => c.notNull())
          .addColumn('content_type', 'varchar(100)', (c) => c.notNull())
          .addColumn('size', 'bigint', (c) => c.notNull())
          .addPrimaryKeyConstraint('image_scales_pk', ['source', 'scale_key'])
          .execute();
      },
    },
    '0007_blob_texts': {
      async up(db: Kysely<any>) {
        // The text inside a file (PDF, plain text), extracted once per blob
        // and added to the SearchableText of every object holding that blob.
        // '' records that a blob has no text, so it is not tried again.
        await db.schema
          .createTable('blob_texts')
          .addColumn('hash', 'varchar(64)', (c) => c.primaryKey())
          .addColumn('text', sql.raw(t.json), (c) => c.notNull())
          .execute();
      },
    },
    '0008_blob_created': {
      async up(db: Kysely<any>) {
        // When a database blob was stored (or last stored again), for the
        // grace period of blob collection (docs/packing.md): a blob is stored
        // before the transaction that references it commits. Null on rows
        // from before: `tessera pack` stamps them and collects them later.
        await db.schema.alterTable('blobs').addColumn('created', 'varchar(40)').execute();
      },
    },
    '0009_fulltext_tiers': {
      async up(db: Kysely<any>) {
        // PostgreSQL: narrow tables that count and rank plain text searches
        // (postgres/fulltext.ts); other engines have none.
        await caps.fullText.createTiers?.(db);
      },
    },
    '0010_redirects': {
      async up(db: Kysely<any>) {
        // Old paths that redirect (plone.app.redirector): moves and renames
        // record the moved root's old path, editors add aliases by hand.
        // The target is a uid, so chains of moves resolve to the current place
        // (docs/decisions/0028-move-copy-redirects.md).
        await createRedirects(db, caps);
      },
    },
    '0011_versions_and_locks': {
      async up(db: Kysely<any>) {
        // Versions survive packing; locks are one row per locked object
        // (storage/src/history/, docs/decisions/0029-versions-and-locks.md).
        await db.schema
          .createTable('versions')
          .addColumn('uid', 'varchar(36)', (c) => c.notNull())
          .addColumn('version', 'integer', (c) => c.notNull())
          .addColumn('tid', 'integer', (c) => c.notNull())
          .addColumn('at', 'varchar(40)', (c) => c.notNull())
          .addColumn('actor', 'varchar(255)')
          .addColumn('comment', 'text', (c) => c.notNull())
          .addColumn('path', 'varchar(2048)', (c) => c.notNull())
          .addColumn('type', 'varchar(100)', (c) => c.notNull())
          .addColumn('data', sql.raw(t.json), (c) => c.notNull())
          .addPrimaryKeyConstraint('versions_pk', ['uid', 'version'])
          .execute();
        await db.schema
          .createTable('locks')
          .addColumn('uid', 'varchar(36)', (c) => c.primaryKey())
          .addColumn('token', 'varchar(255)', (c) => c.notNull())
          .addColumn('creator', 'varchar(255)', (c) => c.notNull())
          .addColumn('created', 'varchar(40)', (c) => c.notNull())
          .addColumn('timeout', 'integer', (c) => c.notNull())
          .addColumn('stealable', 'integer', (c) => c.notNull())
          .execute();
      },
    },
    '0012_links': {
      async up(db: Kysely<any>) {
        // Links between objects by UID (links/links-table.ts, decision 0030):
        // relation fields, links in rich text and blocks (isReferencing),
        // and standalone relations (attribute '').
        await db.schema
          .createTable('links')
          .addColumn('source_uid', 'varchar(36)', (c) => c.notNull())
          .addColumn('relation', 'varchar(100)', (c) => c.notNull())
          .addColumn('attribute', 'varchar(100)', (c) => c.notNull())
          .addColumn('target_uid', 'varchar(36)', (c) => c.notNull())
          .addPrimaryKeyConstraint('links_pk', ['source_uid', 'relation', 'attribute', 'target_uid'])
          .execute();
        await db.schema.createIndex('links_target').on('links').columns(['target_uid', 'relation']).execute();
        await db.schema.createIndex('links_relation').on('links').column('relation').execute();
        // An existing site's content: its links, from what is stored now.
        await backfillLinks(db);
      },
    },
    '0013_trash': {
      async up(db: Kysely<any>) {
        await createTrashTables(db, caps);
      },
    },
    '0014_comments': {
      async up(db: Kysely<any>) {
        await createCommentsTable(db);
      },
    },
    '0015_content_rules': {
      async up(db: Kysely<any>) {
        await createContentRuleTables(db, caps);
      },
    },
    '0016_translations': {
      async up(db: Kysely<any>) {
        await createTranslationsTable(db);
      },
    },
  };
}

/**
 * The catalog (docs/decisions/0015-catalog.md): one row per object with a
 * column per index, its keywords, and the full-text table of the dialect.
 * Paths compare bytewise (a subtree is a range of paths) on every database.
 */
async function createCatalog(db: Kysely<any>, caps: DialectCaps) {
  const binary =
    caps.name === 'postgres'
      ? 'varchar(2048) collate "C"'
      : caps.name === 'mysql'
        ? 'varchar(2048) character set utf8mb4 collate utf8mb4_bin'
        : 'varchar(2048)';
  await db.schema
    .createTable('catalog')
    .addColumn('rid', sql.raw(caps.types.autoId), (c) =>
      caps.name === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
    )
    .addColumn('uid', 'varchar(36)', (c) => c.notNull().unique())
    .addColumn('path', sql.raw(binary), (c) => c.notNull())
    .addColumn('depth', 'integer', (c) => c.notNull())
    .addColumn('parent_uid', 'varchar(36)')
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('id', 'varchar(255)', (c) => c.notNull())
    .addColumn('portal_type', 'varchar(100)', (c) => c.notNull())
    .addColumn('review_state', 'varchar(100)')
    .addColumn('sortable_title', 'varchar(100)', (c) => c.notNull())
    .addColumn('creator', 'varchar(255)')
    .addColumn('created', 'varchar(30)', (c) => c.notNull())
    .addColumn('modified', 'varchar(30)', (c) => c.notNull())
    .addColumn('effective', 'varchar(30)', (c) => c.notNull())
    .addColumn('expires', 'varchar(30)', (c) => c.notNull())
    .addColumn('start_date', 'varchar(30)')
    .addColumn('end_date', 'varchar(30)')
    .addColumn('is_folderish', 'integer', (c) => c.notNull())
    .addColumn('exclude_from_nav', 'integer', (c) => c.notNull())
    .addColumn('language', 'varchar(20)', (c) => c.notNull())
    .addColumn('meta', sql.raw(caps.types.json), (c) => c.notNull())
    .execute();
  if (caps.name === 'mysql') await sql`create index catalog_path on catalog (path(700))`.execute(db);
  else await db.schema.createIndex('catalog_path').on('catalog').column('path').execute();
  const single = [
    'portal_type',
    'review_state',
    'sortable_title',
    'created',
    'modified',
    'effective',
    'start_date',
    'end_date',
    'creator',
    'id',
  ];
  for (const column of single)
    await db.schema.createIndex(`catalog_${column}`).on('catalog').column(column).execute();
  await db.schema.createIndex('catalog_parent').on('catalog').columns(['parent_uid', 'position']).execute();
  // What every search filters on, in narrow rows (a text search checks
  // thousands of matches): the security filter (view tokens as ' t1 t2 ',
  // the publication window) and the type.
  await db.schema
    .createTable('catalog_access')
    .addColumn('rid', 'integer', (c) => c.primaryKey())
    .addColumn('portal_type', 'varchar(100)', (c) => c.notNull())
    .addColumn('effective', 'varchar(30)', (c) => c.notNull())
    .addColumn('expires', 'varchar(30)', (c) => c.notNull())
    .addColumn(
      'view',
      sql.raw(caps.name === 'mysql' ? 'text character set utf8mb4 collate utf8mb4_bin' : 'text'),
      (c) => c.notNull(),
    )
    .execute();
  // Text searches look up the few items whose window is closed (search.ts).
  await db.schema.createIndex('catalog_access_effective').on('catalog_access').column('effective').execute();
  await db.schema.createIndex('catalog_access_expires').on('catalog_access').column('expires').execute();
  await db.schema
    .createTable('catalog_keywords')
    .addColumn('idx', 'varchar(40)', (c) => c.notNull())
    .addColumn('value', 'varchar(255)', (c) => c.notNull())
    .addColumn('rid', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('catalog_keywords_pk', ['idx', 'value', 'rid'])
    .execute();
  await db.schema.createIndex('catalog_keywords_rid').on('catalog_keywords').column('rid').execute();
  await caps.fullText.create(db);
}

/** The redirects table (migration 0010); paths compare bytewise, as in the catalog. */
async function createRedirects(db: Kysely<any>, caps: DialectCaps) {
  const binary =
    caps.name === 'postgres'
      ? 'varchar(2048) collate "C"'
      : caps.name === 'mysql'
        ? 'varchar(2048) character set utf8mb4 collate utf8mb4_bin'
        : 'varchar(2048)';
  await db.schema
    .createTable('redirects')
    .addColumn('rid', sql.raw(caps.types.autoId), (c) =>
      caps.name === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
    )
    .addColumn('path', sql.raw(binary), (c) => c.notNull())
    .addColumn('target_uid', 'varchar(36)', (c) => c.notNull())
    .addColumn('created', 'varchar(40)', (c) => c.notNull())
    .addColumn('manual', 'integer', (c) => c.notNull())
    .execute();
  // InnoDB keys are at most 3072 bytes: a prefix index, not unique (writers delete before insert).
  if (caps.name === 'mysql') await sql`create index redirects_path on redirects (path(700))`.execute(db);
  else await db.schema.createIndex('redirects_path').on('redirects').column('path').unique().execute();
  await db.schema.createIndex('redirects_target').on('redirects').column('target_uid').execute();
}

class InCodeProvider implements MigrationProvider {
  constructor(private readonly caps: DialectCaps) {}
  async getMigrations() {
    return migrations(this.caps);
  }
}

/** Applies pending migrations; returns how many are in force. */
export async function migrateToLatest(db: Kysely<any>, caps: DialectCaps): Promise<number> {
  const migrator = new Migrator({ db, provider: new InCodeProvider(caps) });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error;
  void results;
  return Object.keys(migrations(caps)).length;
}
