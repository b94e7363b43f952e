// Moving a subtree (move, cut/paste, rename): a handful of set-based UPDATEs
// whatever the subtree's size — the paths of the moved rows get their prefix
// replaced in SQL, and no row outside the subtree is written
// (docs/decisions/0028-move-copy-redirects.md).
import type { MoveResult } from '@tessera/core';
import { sql, type Transaction } from 'kysely';
import type { DialectCaps } from '../dialect.js';
import type { Database } from '../schema.js';
import { inSubtree, replacePrefix, sqlLength } from './subtree.js';

type Tx = Transaction<Database>;

export interface MoveSpec {
  root: { uid: string; path: string; parentUid: string | null; position: number };
  newParent: { uid: string; path: string };
  newId: string;
  tid: number;
}

const depthOf = (path: string) => (path === '' ? 0 : path.split('/').length - 1);

export async function moveSubtree(db: Tx, caps: DialectCaps, spec: MoveSpec): Promise<MoveResult> {
  const { root, newParent, newId, tid } = spec;
  const oldPath = root.path;
  const newPath = `${newParent.path}/${newId}`;
  const sameParent = root.parentUid === newParent.uid;
  let position = root.position;
  if (!sameParent) {
    const max = await db
      .selectFrom('objects')
      .select((eb) => eb.fn.max<number>('position').as('p'))
      .where('parent_uid', '=', newParent.uid)
      .executeTakeFirst();
    position = max?.p == null ? 0 : Number(max.p) + 1;
  }
  const subtreeRows = await db
    .selectFrom('objects')
    .select(['uid', 'path'])
    .where(inSubtree(caps, 'path', oldPath, false))
    .execute();
  // The root first, then shallowest first.
  const uids = subtreeRows
    .sort((a, b) => a.path.length - b.path.length)
    .map((r) => r.uid)
    .sort((a, b) => (a === root.uid ? -1 : b === root.uid ? 1 : 0));
  if (oldPath === newPath) return { oldPath, newPath, uids };

  const oldLength = sqlLength(oldPath);
  await db
    .updateTable('objects')
    .set({ path: replacePrefix(caps, 'path', newPath, oldLength), tid })
    .where(inSubtree(caps, 'path', oldPath, false))
    .execute();
  await db
    .updateTable('objects')
    .set({ parent_uid: newParent.uid, id: newId, position })
    .where('uid', '=', root.uid)
    .execute();

  const delta = depthOf(newPath) - depthOf(oldPath);
  await db
    .updateTable('catalog')
    .set({
      path: replacePrefix(caps, 'catalog.path', newPath, oldLength),
      depth: sql<number>`depth + ${delta}`,
    })
    .where(inSubtree(caps, 'catalog.path', oldPath, true))
    .execute();
  await db
    .updateTable('catalog')
    .set({ parent_uid: newParent.uid, id: newId, position })
    .where('uid', '=', root.uid)
    .execute();

  // Other processes drop their cached copies of every moved object (their
  // URLs changed) and of both parents' listings: logged without a revision
  // per object, as security changes are (changesSince).
  await db
    .insertInto('object_changes')
    .columns(['tid', 'uid'])
    .expression((eb) =>
      eb
        .selectFrom('objects')
        .select([tidLiteral(caps, tid).as('tid'), 'uid'])
        .where(inSubtree(caps, 'path', newPath, false))
        .where((w) =>
          w.not(
            w.exists(
              w
                .selectFrom('object_changes as oc')
                .select('oc.uid')
                .where('oc.tid', '=', tid)
                .whereRef('oc.uid', '=', 'objects.uid'),
            ),
          ),
        ),
    )
    .execute();
  for (const parent of new Set([root.parentUid, newParent.uid])) if (parent) await logChange(db, tid, parent);
  return { oldPath, newPath, uids };
}

/** A typed constant for INSERT … SELECT (PostgreSQL would read a bare parameter as text). */
const tidLiteral = (caps: DialectCaps, tid: number) =>
  caps.name === 'mysql' ? sql<number>`cast(${tid} as signed)` : sql<number>`cast(${tid} as integer)`;

/** One object_changes row, unless this transaction logged it already. */
async function logChange(db: Tx, tid: number, uid: string) {
  const known = await db
    .selectFrom('object_changes')
    .select('uid')
    .where('tid', '=', tid)
    .where('uid', '=', uid)
    .executeTakeFirst();
  if (!known) await db.insertInto('object_changes').values({ tid, uid }).execute();
}
