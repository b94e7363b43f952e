// The trash's storage (docs/decisions/0031-trash.md): moving a subtree's rows
// from `objects` (+ view tokens, catalog) into `trash_objects` and back, and
// purging entries for good. Every function runs inside the caller's write
// transaction; KyselyWriteTx hands in the few private steps it owns
// (revisions, catalog) as a TrashHost.

import type {
  ContentRecord,
  TrashEntry,
  TrashPlace,
  TrashPurge,
  TrashQuery,
  TrashStamp,
} from '@tessera/core';
import type { Kysely, Selectable, Transaction } from 'kysely';
import { removeCommentsOf } from '../comments/comments-table.js';
import { forgetSources } from '../links/links-table.js';
import { likeBelow } from '../moves/subtree.js';
import type { Database } from '../schema.js';
import { forgetTranslations } from '../translations/translations-table.js';

type Db = Kysely<Database> | Transaction<Database>;
type ObjectRow = Selectable<Database['objects']>;
type TrashRow = Selectable<Database['trash']>;

/** Rows per multi-row INSERT or `in (…)` list: well under every engine's parameter limit. */
const CHUNK = 200;

/** What the write transaction lends the trash: its own bookkeeping steps. */
export interface TrashHost {
  db: Transaction<Database>;
  tid: number;
  toRecord(row: ObjectRow): ContentRecord;
  /** One revision per object (deleted or live), as every write records. */
  writeRevisions(recs: ContentRecord[], deleted: boolean): Promise<void>;
  index(rec: ContentRecord, view: string[]): Promise<void>;
  unindex(uids: string[]): Promise<void>;
  /** The transaction's cache of paths by uid: forget removed objects, learn restored ones. */
  forget(uid: string): void;
}

const chunks = <T>(list: T[]): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += CHUNK) out.push(list.slice(i, i + CHUNK));
  return out;
};

const toEntry = (r: TrashRow): TrashEntry => ({
  uid: r.uid,
  parentUid: r.parent_uid,
  path: r.path,
  id: r.id,
  type: r.type,
  title: r.title,
  deletedBy: r.deleted_by,
  deletedAt: r.deleted_at,
  expiresAt: r.expires_at,
  items: Number(r.items),
});

/** Moves the object `uid` and everything below it into the trash; returns their uids. */
export async function trashTree(host: TrashHost, uid: string, stamp: TrashStamp): Promise<string[]> {
  const { db } = host;
  const root = await db.selectFrom('objects').selectAll().where('uid', '=', uid).executeTakeFirst();
  if (!root) return [];
  if (root.parent_uid === null) throw new Error('the site root cannot be trashed');
  const rows = [
    root,
    ...(await db.selectFrom('objects').selectAll().where(likeBelow('path', root.path)).execute()),
  ];
  const uids = rows.map((r) => r.uid);
  const views = new Map<string, string[]>();
  for (const part of chunks(uids))
    for (const v of await db
      .selectFrom('object_view')
      .select(['uid', 'token'])
      .where('uid', 'in', part)
      .execute()) {
      const list = views.get(v.uid);
      if (list) list.push(v.token);
      else views.set(v.uid, [v.token]);
    }
  const data = JSON.parse(root.data) as Record<string, unknown>;
  await db
    .insertInto('trash')
    .values({
      uid: root.uid,
      parent_uid: root.parent_uid,
      path: root.path,
      id: root.id,
      type: root.type,
      title: typeof data.title === 'string' ? data.title : '',
      deleted_by: stamp.deletedBy,
      deleted_at: stamp.deletedAt,
      expires_at: stamp.expiresAt,
      items: rows.length,
    })
    .execute();
  const rootView = views.get(root.uid) ?? [];
  if (rootView.length)
    await db
      .insertInto('trash_view')
      .values(rootView.map((token) => ({ trash_uid: root.uid, token })))
      .execute();
  for (const part of chunks(rows))
    await db
      .insertInto('trash_objects')
      .values(part.map((r) => ({ ...r, trash_uid: root.uid, view: JSON.stringify(views.get(r.uid) ?? []) })))
      .execute();
  // A deletion revision, as a plain delete writes: history shows it, and
  // other processes' caches learn of it through changesSince().
  await host.writeRevisions(
    rows.map((r) => host.toRecord(r)),
    true,
  );
  await host.unindex(uids);
  for (const part of chunks(uids)) {
    await db.deleteFrom('object_view').where('uid', 'in', part).execute();
    await db.deleteFrom('objects').where('uid', 'in', part).execute();
  }
  for (const u of uids) host.forget(u);
  return uids;
}

/**
 * Puts the entry `uid` back at `place` (the caller checked that the
 * container exists and the id is free). Positions below the root are kept;
 * the root goes last among its new siblings.
 */
export async function restoreTrash(
  host: TrashHost,
  uid: string,
  place: TrashPlace & { parentPath: string },
): Promise<{ root: ContentRecord; uids: string[] }> {
  const { db } = host;
  const entry = await db.selectFrom('trash').selectAll().where('uid', '=', uid).executeTakeFirst();
  if (!entry) throw new Error(`trash entry ${uid} does not exist`);
  const rows = await db.selectFrom('trash_objects').selectAll().where('trash_uid', '=', uid).execute();
  const max = await db
    .selectFrom('objects')
    .select((eb) => eb.fn.max<number>('position').as('p'))
    .where('parent_uid', '=', place.parentUid)
    .executeTakeFirst();
  const oldRoot = entry.path;
  const newRoot = `${place.parentPath}/${place.id}`;
  // Shallowest first, so every container is back before its content is indexed.
  rows.sort((a, b) => a.path.split('/').length - b.path.split('/').length);
  const restored = rows.map(({ trash_uid: _entry, view, ...row }) => {
    const isRoot = row.uid === uid;
    const next: ObjectRow = {
      ...row,
      path: newRoot + row.path.slice(oldRoot.length),
      tid: host.tid,
      ...(isRoot
        ? { parent_uid: place.parentUid, id: place.id, position: max?.p == null ? 0 : Number(max.p) + 1 }
        : {}),
    };
    return { row: next, view: JSON.parse(view) as string[] };
  });
  for (const part of chunks(restored)) {
    await db
      .insertInto('objects')
      .values(part.map((r) => r.row))
      .execute();
    const views = part.flatMap((r) => r.view.map((token) => ({ uid: r.row.uid, token })));
    if (views.length) await db.insertInto('object_view').values(views).execute();
  }
  const records = restored.map(({ row }) => host.toRecord(row));
  await host.writeRevisions(records, false);
  for (const [i, rec] of records.entries()) await host.index(rec, restored[i]!.view);
  const root = records.find((r) => r.uid === uid);
  await dropEntries(db, [uid], false);
  return { root: root!, uids: restored.map((r) => r.row.uid) };
}

/**
 * Removes whole entries (their objects and view tokens); returns how many
 * objects went. `forGood`: the objects leave for good (a purge, not a restore).
 */
async function dropEntries(db: Transaction<Database>, uids: string[], forGood: boolean): Promise<number> {
  let objects = 0;
  for (const part of chunks(uids)) {
    if (forGood) {
      const gone = await db
        .selectFrom('trash_objects')
        .select('uid')
        .where('trash_uid', 'in', part)
        .execute();
      await purgeRowsOf(
        db,
        gone.map((r) => r.uid),
      );
    }
    const res = await db.deleteFrom('trash_objects').where('trash_uid', 'in', part).executeTakeFirst();
    objects += Number(res.numDeletedRows);
    await db.deleteFrom('trash_view').where('trash_uid', 'in', part).execute();
    await db.deleteFrom('trash').where('uid', 'in', part).execute();
  }
  return objects;
}

/**
 * Rows other features keep by object uid, for objects that leave for good
 * (purged from the trash; not called on restore, so they come back with it):
 * their outgoing links, their versions, any lock, the redirects to them, their translation-group rows,
 * their comments and the content-rule assignments they hold. Links into them stay, as broken relations, as
 * deleteTree leaves them. Revisions stay: `tessera pack` forgets a deleted
 * object's history once the deletion is older than its --days.
 */
export async function purgeRowsOf(db: Transaction<Database>, uids: string[]): Promise<void> {
  await forgetSources(db, uids);
  if (!uids.length) return;
  // Tables of history/ (typed there as any: they are not in schema.ts).
  const untyped = db as Transaction<any>;
  await untyped.deleteFrom('versions').where('uid', 'in', uids).execute();
  await untyped.deleteFrom('locks').where('uid', 'in', uids).execute();
  await db.deleteFrom('redirects').where('target_uid', 'in', uids).execute();
  await forgetTranslations(db, uids);
  await removeCommentsOf(db, uids);
  // Content-rule assignments kept by the purged folders (content-rules/).
  await untyped.deleteFrom('content_rule_assignments').where('container_uid', 'in', uids).execute();
}

/** Purges entries for good: by uid, those expired at an instant, or all. */
export async function purgeTrash(
  db: Transaction<Database>,
  which: TrashPurge,
): Promise<{ entries: number; objects: number }> {
  let q = db.selectFrom('trash').select('uid');
  if ('uids' in which) {
    if (!which.uids.length) return { entries: 0, objects: 0 };
    q = q.where('uid', 'in', which.uids);
  } else if ('expiredAt' in which) q = q.where('expires_at', '<=', which.expiredAt);
  const uids = (await q.execute()).map((r) => r.uid);
  return { entries: uids.length, objects: await dropEntries(db, uids, true) };
}

/** Entries the query lets one see, newest first, and their total. */
export async function trashEntries(db: Db, q: TrashQuery): Promise<{ items: TrashEntry[]; total: number }> {
  const filtered = () => {
    let s = db.selectFrom('trash');
    if (q.tokens !== null) {
      const tokens = q.tokens.length ? q.tokens : ['-'];
      s = s.where((eb) =>
        eb.exists(
          eb
            .selectFrom('trash_view')
            .select('trash_view.trash_uid')
            .whereRef('trash_view.trash_uid', '=', 'trash.uid')
            .where('trash_view.token', 'in', tokens),
        ),
      );
    }
    if (q.under) s = s.where(likeBelow('trash.path', q.under));
    if (q.expiredAt !== undefined) s = s.where('trash.expires_at', '<=', q.expiredAt);
    return s;
  };
  const counted = await filtered()
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const rows = await filtered()
    .selectAll()
    .orderBy('deleted_at', 'desc')
    .orderBy('uid')
    .limit(q.limit)
    .offset(q.start)
    .execute();
  return { items: rows.map(toEntry), total: Number(counted.n) };
}

/** One entry, with its root object as it was and its view tokens. */
export async function trashEntry(
  db: Db,
  uid: string,
  toRecord: (row: ObjectRow) => ContentRecord,
): Promise<(TrashEntry & { root: ContentRecord; view: string[] }) | undefined> {
  const entry = await db.selectFrom('trash').selectAll().where('uid', '=', uid).executeTakeFirst();
  if (!entry) return undefined;
  const row = await db
    .selectFrom('trash_objects')
    .selectAll()
    .where('uid', '=', uid)
    .executeTakeFirstOrThrow();
  const { trash_uid: _entry, view, ...objectRow } = row;
  return { ...toEntry(entry), root: toRecord(objectRow), view: JSON.parse(view) };
}
