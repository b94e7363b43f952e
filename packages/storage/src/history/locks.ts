// The locks table (migration 0011): at most one lock per object, as
// plone.locking keeps one WebDAV lock per item. Rows are not removed when
// they expire; readers treat an expired lock as absent (core decides, given
// the time), and the next lock replaces the row.
import type { LockRecord } from '@tessera/core';
import type { Kysely, Transaction } from 'kysely';
import type { DialectCaps } from '../dialect.js';

type Db = Kysely<any> | Transaction<any>;

export async function findLock(db: Db, uid: string): Promise<LockRecord | undefined> {
  const row = await db.selectFrom('locks').selectAll().where('uid', '=', uid).executeTakeFirst();
  return (
    row && {
      uid: row.uid,
      token: row.token,
      creator: row.creator,
      created: row.created,
      timeout: Number(row.timeout),
      stealable: Boolean(Number(row.stealable)),
    }
  );
}

export async function upsertLock(db: Transaction<any>, caps: DialectCaps, lock: LockRecord) {
  const values = {
    uid: lock.uid,
    token: lock.token,
    creator: lock.creator,
    created: lock.created,
    timeout: lock.timeout,
    stealable: lock.stealable ? 1 : 0,
  };
  const { uid: _uid, ...update } = values;
  const q = db.insertInto('locks').values(values);
  if (caps.onConflict) await q.onConflict((oc: any) => oc.column('uid').doUpdateSet(update)).execute();
  else await q.onDuplicateKeyUpdate(update).execute();
}

export async function removeLock(db: Transaction<any>, uid: string): Promise<boolean> {
  const r = await db.deleteFrom('locks').where('uid', '=', uid).executeTakeFirst();
  return Number(r.numDeletedRows ?? 0) > 0;
}
