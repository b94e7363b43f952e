// The translations table (migration 0016, docs/decisions/0037-multilingual.md):
// plone.app.multilingual's translation groups, one row per member object,
// keyed by UID. An object's language is its own `language` field, not kept
// here, so a PATCH of the language never leaves this table stale; a group
// holds at most one live member per language (the API checks that on link).
// Rows follow their object's UID, so moves keep them; a trashed object keeps
// its row (it is invisible: readers join live objects) and a purge drops it.
import type { Kysely, Transaction } from 'kysely';

type Db = Kysely<any> | Transaction<any>;

export async function createTranslationsTable(db: Kysely<any>) {
  await db.schema
    .createTable('translations')
    .addColumn('uid', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('tg', 'varchar(36)', (c) => c.notNull())
    .execute();
  // A group's members are looked up by its id.
  await db.schema.createIndex('translations_tg').on('translations').column('tg').execute();
}

/** The group of `uid` and every uid in it (itself included), or undefined when it is in none. */
export async function translationGroup(
  db: Db,
  uid: string,
): Promise<{ group: string; uids: string[] } | undefined> {
  const own = await db.selectFrom('translations').select('tg').where('uid', '=', uid).executeTakeFirst();
  if (!own) return undefined;
  const rows = await db
    .selectFrom('translations')
    .select('uid')
    .where('tg', '=', own.tg)
    .orderBy('uid')
    .execute();
  return { group: own.tg, uids: rows.map((r: { uid: string }) => r.uid) };
}

/** Puts `uid` into `group` (leaving any group it was in); null takes it out of every group. */
export async function setTranslationGroup(db: Transaction<any>, uid: string, group: string | null) {
  await db.deleteFrom('translations').where('uid', '=', uid).execute();
  if (group !== null) await db.insertInto('translations').values({ uid, tg: group }).execute();
}

/** Objects that leave for good (deleted, purged from the trash) leave their groups. */
export async function forgetTranslations(db: Transaction<any>, uids: string[]) {
  for (let i = 0; i < uids.length; i += 200)
    await db
      .deleteFrom('translations')
      .where('uid', 'in', uids.slice(i, i + 200))
      .execute();
}
