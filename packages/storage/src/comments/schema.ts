// Migration 0014: comments (docs/decisions/0034-comments.md). One row per
// comment, keyed by the commented item's UID and the comment id, so comments
// follow their item through moves and renames (UIDs stay) and through the
// trash (the rows wait, untouched, until a restore or a purge).
import type { Kysely } from 'kysely';

export async function createCommentsTable(db: Kysely<any>) {
  await db.schema
    .createTable('comments')
    .addColumn('uid', 'varchar(36)', (c) => c.notNull())
    .addColumn('comment_id', 'varchar(20)', (c) => c.notNull())
    .addColumn('in_reply_to', 'varchar(20)')
    .addColumn('author_username', 'varchar(255)')
    .addColumn('author_name', 'varchar(255)')
    .addColumn('author_email', 'varchar(255)')
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('mime_type', 'varchar(50)', (c) => c.notNull())
    // null: not asked (anonymous), else 0/1.
    .addColumn('user_notification', 'integer')
    .addColumn('state', 'varchar(20)', (c) => c.notNull())
    .addColumn('created', 'varchar(40)', (c) => c.notNull())
    .addColumn('modified', 'varchar(40)', (c) => c.notNull())
    .addPrimaryKeyConstraint('comments_pk', ['uid', 'comment_id'])
    .execute();
  // Moderation lists pending comments site-wide, newest first.
  await db.schema
    .createIndex('comments_state_created')
    .on('comments')
    .columns(['state', 'created'])
    .execute();
  await db.schema.createIndex('comments_created').on('comments').column('created').execute();
}
