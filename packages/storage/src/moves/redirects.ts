// The redirects table (migration 0010): old paths → the object now there, by
// uid, so that a chain of moves always lands on the object's current path.
import type { RedirectQuery, RedirectRecord } from '@tessera/core';
import { type Kysely, type Selectable, sql, type Transaction } from 'kysely';
import type { Database } from '../schema.js';

type Db = Kysely<Database> | Transaction<Database>;

const columns = [
  'redirects.path',
  'redirects.target_uid',
  'redirects.created',
  'redirects.manual',
  'objects.path as target_path',
] as const;

type Row = Pick<Selectable<Database['redirects']>, 'path' | 'target_uid' | 'created' | 'manual'> & {
  target_path: string | null;
};

const toRecord = (r: Row): RedirectRecord => ({
  path: r.path,
  targetUid: r.target_uid,
  targetPath: r.target_path,
  created: r.created,
  manual: Boolean(Number(r.manual)),
});

function joined(db: Db) {
  return db.selectFrom('redirects').innerJoin('objects', 'objects.uid', 'redirects.target_uid');
}

export async function redirectFor(db: Db, paths: string[]): Promise<RedirectRecord | undefined> {
  if (!paths.length) return undefined;
  const rows = await joined(db).select(columns).where('redirects.path', 'in', paths).execute();
  rows.sort((a, b) => b.path.length - a.path.length);
  return rows[0] && toRecord(rows[0]);
}

/** `lower(column) LIKE '%text%'` with the wildcards in `text` taken literally. */
function containsCi(column: string, text: string) {
  const pattern = `%${text.toLowerCase().replace(/[!%_]/g, (c) => `!${c}`)}%`;
  return sql<boolean>`lower(${sql.ref(column)}) like ${pattern} escape '!'`;
}

export async function listRedirects(db: Db, q: RedirectQuery) {
  let query = joined(db);
  if (q.targetUid !== undefined) query = query.where('redirects.target_uid', '=', q.targetUid);
  if (q.manual !== undefined) query = query.where('redirects.manual', '=', q.manual ? 1 : 0);
  if (q.start) query = query.where('redirects.created', '>=', q.start);
  if (q.end) query = query.where('redirects.created', '<', q.end);
  const text = q.text;
  if (text)
    query = query.where((eb) =>
      eb.or([containsCi('redirects.path', text), containsCi('objects.path', text)]),
    );
  const counted = await query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  let page = query.select(columns).orderBy('redirects.path');
  if (q.limit !== undefined) page = page.limit(q.limit).offset(q.offset ?? 0);
  else if (q.offset) page = page.limit(1_000_000_000).offset(q.offset);
  return { items: (await page.execute()).map(toRecord), total: Number(counted.n) };
}

export async function putRedirect(
  db: Transaction<Database>,
  r: { path: string; targetUid: string; created: string; manual: boolean },
) {
  await db.deleteFrom('redirects').where('path', '=', r.path).execute();
  await db
    .insertInto('redirects')
    .values({ path: r.path, target_uid: r.targetUid, created: r.created, manual: r.manual ? 1 : 0 })
    .execute();
}

export async function deleteRedirect(db: Transaction<Database>, path: string, targetUid?: string) {
  let q = db.deleteFrom('redirects').where('path', '=', path);
  if (targetUid !== undefined) q = q.where('target_uid', '=', targetUid);
  const r = await q.executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}
