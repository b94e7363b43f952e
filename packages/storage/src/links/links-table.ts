// The links table (migration 0012, docs/decisions/0030-links-table.md): one
// row per link from a source object to a target object, by UID. Rows derived
// from an object's data are replaced whenever it is written, in the same
// transaction; rows made through @relations for names that are no field of
// the source (attribute '') live in the table alone. Reads join `objects` at
// both ends, so links of deleted (or trashed) objects drop out by themselves.

import {
  type ContentRecord,
  extractLinks,
  type IndexerContext,
  type LinkQuery,
  type LinkRow,
  type LinkStats,
  type ListFilter,
  type ResolvedLink,
  STANDALONE_ATTRIBUTE,
} from '@tessera/core';
import type { Kysely, SelectQueryBuilder, Transaction } from 'kysely';
import { likeBelow } from '../moves/subtree.js';
import type { Database } from '../schema.js';

type Db = Kysely<Database> | Transaction<Database>;

const CHUNK = 500;

function* slices<T>(list: T[], size: number): Generator<T[]> {
  for (let i = 0; i < list.length; i += size) yield list.slice(i, i + size);
}

/**
 * Re-extracts the outgoing links of one object from its data and replaces
 * its derived rows. Paths in text and blocks are resolved to UIDs here, so a
 * later move of the target does not break the link.
 */
export async function syncLinks(
  db: Db,
  rec: ContentRecord,
  ctx: IndexerContext,
  opts: { fresh?: boolean } = {},
): Promise<number> {
  const found = extractLinks(rec.data, {
    relationFields: ctx.relationFields?.(rec.type) ?? [],
    mount: ctx.linkScope?.mount,
    origins: ctx.linkScope?.origins,
  });
  const paths = [...new Set(found.flatMap((f) => ('path' in f.target ? [f.target.path] : [])))];
  const uidOf = new Map<string, string>();
  for (const part of slices(paths, CHUNK))
    for (const r of await db
      .selectFrom('objects')
      .select(['uid', 'path'])
      .where('path', 'in', part)
      .execute())
      uidOf.set(r.path, r.uid);
  const rows = new Map<string, Database['links']>();
  for (const f of found) {
    const target = 'uid' in f.target ? f.target.uid : uidOf.get(f.target.path);
    if (!target || target.length > 36) continue;
    const row = { source_uid: rec.uid, target_uid: target, relation: f.relation, attribute: f.attribute };
    rows.set(`${row.relation}\0${row.attribute}\0${row.target_uid}`, row);
  }
  // A new object (new UID) has no rows yet: nothing to delete.
  if (!opts.fresh)
    await db
      .deleteFrom('links')
      .where('source_uid', '=', rec.uid)
      .where('attribute', '<>', STANDALONE_ATTRIBUTE)
      .execute();
  for (const part of slices([...rows.values()], CHUNK)) await db.insertInto('links').values(part).execute();
  return rows.size;
}

/** Adds a row (a standalone relation); a row already there is kept. */
export async function addLink(db: Db, link: LinkRow): Promise<boolean> {
  const exists = await db
    .selectFrom('links')
    .select('source_uid')
    .where('source_uid', '=', link.source)
    .where('relation', '=', link.relation)
    .where('attribute', '=', link.attribute)
    .where('target_uid', '=', link.target)
    .executeTakeFirst();
  if (exists) return false;
  await db
    .insertInto('links')
    .values({
      source_uid: link.source,
      target_uid: link.target,
      relation: link.relation,
      attribute: link.attribute,
    })
    .execute();
  return true;
}

/** Removes rows matching every given filter (at least one is required); returns how many. */
export async function removeLinks(
  db: Db,
  by: { source?: string; target?: string; relation?: string; attribute?: string },
): Promise<number> {
  if (by.source === undefined && by.target === undefined && by.relation === undefined)
    throw new Error('removeLinks needs a source, target or relation');
  let q = db.deleteFrom('links');
  if (by.source !== undefined) q = q.where('source_uid', '=', by.source);
  if (by.target !== undefined) q = q.where('target_uid', '=', by.target);
  if (by.relation !== undefined) q = q.where('relation', '=', by.relation);
  if (by.attribute !== undefined) q = q.where('attribute', '=', by.attribute);
  const res = await q.executeTakeFirst();
  return Number(res.numDeletedRows ?? 0);
}

/** Rows of objects that no longer exist as sources (deleteTree). */
export async function forgetSources(db: Db, uids: string[]) {
  for (const part of slices(uids, CHUNK))
    await db.deleteFrom('links').where('source_uid', 'in', part).execute();
}

/** Both ends exist and (with a filter) both may be seen: one of the tokens among their view tokens. */
function joined(db: Db, filter: ListFilter | null | undefined) {
  let q = db
    .selectFrom('links')
    .innerJoin('objects as s', 's.uid', 'links.source_uid')
    .innerJoin('objects as t', 't.uid', 'links.target_uid');
  if (filter) {
    for (const end of ['s', 't'] as const)
      q = q.where((eb) =>
        eb.exists(
          eb
            .selectFrom('object_view')
            .select('object_view.uid')
            .whereRef('object_view.uid', '=', `${end}.uid`)
            .where('object_view.token', 'in', filter.tokens),
        ),
      );
  }
  return q;
}

type Joined = ReturnType<typeof joined>;

function within<Q extends SelectQueryBuilder<any, any, any>>(q: Q, column: string, paths: string[]): Q {
  if (!paths.length) return q;
  return q.where((eb) => eb.or(paths.flatMap((p) => [eb(column as any, '=', p), likeBelow(column, p)]))) as Q;
}

const SELECTED = [
  'links.source_uid as source',
  'links.target_uid as target',
  'links.relation as relation',
  'links.attribute as attribute',
  's.path as sourcePath',
  't.path as targetPath',
] as const;

function toResolved(r: Record<string, unknown>): ResolvedLink {
  return {
    source: String(r.source),
    target: String(r.target),
    relation: String(r.relation),
    attribute: String(r.attribute),
    sourcePath: String(r.sourcePath),
    targetPath: String(r.targetPath),
  };
}

/**
 * Links whose both ends exist (and may be seen through `filter`), by
 * relation, source path, target path. The same link from two attributes of
 * one source (a field and its text) comes once per attribute.
 */
export async function queryLinks(db: Db, q: LinkQuery, filter?: ListFilter | null): Promise<ResolvedLink[]> {
  let s: Joined = joined(db, filter);
  if (q.source !== undefined) s = s.where('links.source_uid', '=', q.source);
  if (q.target !== undefined) s = s.where('links.target_uid', '=', q.target);
  if (q.relation !== undefined) s = s.where('links.relation', '=', q.relation);
  if (q.targetWithin) s = within(s, 't.path', q.targetWithin);
  let sel = s
    .select([...SELECTED])
    .orderBy('links.relation')
    .orderBy('s.path')
    .orderBy('t.path')
    .orderBy('links.attribute');
  if (q.limit !== undefined) sel = sel.limit(q.limit);
  return (await sel.execute()).map(toResolved);
}

/**
 * What deleting the subtrees at `paths` would break: links into them from
 * objects outside them (and visible through `filter`). Working-copy links are
 * no breach (the working copy goes with its original).
 */
export async function incomingLinks(
  db: Db,
  paths: string[],
  filter?: ListFilter | null,
): Promise<ResolvedLink[]> {
  if (!paths.length) return [];
  let s = within(joined(db, filter), 't.path', paths).where('links.relation', '<>', 'iterate-working-copy');
  for (const p of paths) s = s.where('s.path', '<>', p).where((eb) => eb.not(likeBelow('s.path', p)));
  return (
    await s
      .select([...SELECTED])
      .orderBy('t.path')
      .orderBy('s.path')
      .orderBy('links.relation')
      .orderBy('links.attribute')
      .execute()
  ).map(toResolved);
}

/** Counts per relation of links whose both ends exist (visible through `filter`), and of those whose target is gone. */
export async function linkStats(db: Db, filter?: ListFilter | null): Promise<LinkStats> {
  const stats: Record<string, number> = {};
  const rows = await joined(db, filter)
    .select((eb) => ['links.relation as relation', eb.fn.countAll<number>().as('n')])
    .groupBy('links.relation')
    .orderBy('links.relation')
    .execute();
  for (const r of rows) stats[r.relation] = Number(r.n);
  const broken: Record<string, number> = {};
  const gone = await db
    .selectFrom('links')
    .innerJoin('objects as s', 's.uid', 'links.source_uid')
    .leftJoin('objects as t', 't.uid', 'links.target_uid')
    .where('t.uid', 'is', null)
    .select((eb) => ['links.relation as relation', eb.fn.countAll<number>().as('n')])
    .groupBy('links.relation')
    .orderBy('links.relation')
    .execute();
  for (const r of gone) broken[r.relation] = Number(r.n);
  return { stats, broken };
}

/** Sources whose links point to objects that no longer exist, by relation (onlyBroken). */
export async function brokenLinks(
  db: Db,
  relation?: string,
): Promise<Array<{ relation: string; sourcePath: string }>> {
  let q = db
    .selectFrom('links')
    .innerJoin('objects as s', 's.uid', 'links.source_uid')
    .leftJoin('objects as t', 't.uid', 'links.target_uid')
    .where('t.uid', 'is', null);
  if (relation !== undefined) q = q.where('links.relation', '=', relation);
  const rows = await q
    .select(['links.relation as relation', 's.path as sourcePath'])
    .distinct()
    .orderBy('links.relation')
    .orderBy('s.path')
    .execute();
  return rows.map((r) => ({ relation: r.relation, sourcePath: r.sourcePath }));
}

/**
 * Re-extracts the links of every object (after a change of how links are
 * found, or to repair): derived rows are rebuilt, standalone ones kept unless
 * their source is gone. Pages through the objects by uid.
 */
export async function rebuildLinks(db: Db, ctx: IndexerContext, toRecord: (row: any) => ContentRecord) {
  await db
    .deleteFrom('links')
    .where((eb) =>
      eb.not(
        eb.exists(
          eb.selectFrom('objects').select('objects.uid').whereRef('objects.uid', '=', 'links.source_uid'),
        ),
      ),
    )
    .execute();
  let after: string | null = null;
  let objects = 0;
  let links = 0;
  for (;;) {
    let q = db.selectFrom('objects').selectAll();
    if (after !== null) q = q.where('uid', '>', after);
    const rows = await q.orderBy('uid').limit(CHUNK).execute();
    for (const row of rows) {
      links += await syncLinks(db, toRecord(row), ctx);
      objects++;
    }
    if (rows.length < CHUNK) break;
    after = rows[rows.length - 1].uid;
  }
  return { objects, links };
}
