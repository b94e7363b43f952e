// Packing history: which revisions an object no longer needs.
//
// For a cutoff tid C (the last transaction older than the cutoff time), an
// object keeps every revision after C and its newest revision at or before
// C: its state at the cutoff, from which the later ones go on (for an object
// unchanged since, that is its current state). Older ones go. An object whose
// state at the cutoff is "deleted" (and that does not exist now) needs none
// of its revisions up to C: they all go, the deletion record included.
import type { Db, PackTarget } from './batch.js';
import { inBatch } from './batch.js';

/** Objects considered per batch (each batch is one short transaction). */
const UIDS_PER_BATCH = 200;

export interface RevisionPlan {
  /** Remove this object's revisions with tid < `below` (C + 1 when all up to C go). */
  uid: string;
  below: number;
  count: number;
}

/**
 * What to remove of these objects' history (their revisions up to `cutoffTid`,
 * in tid order, and which of them exist now).
 */
export function planRevisions(
  revisions: ReadonlyArray<{ uid: string; tid: number; deleted: boolean }>,
  existing: ReadonlySet<string>,
  cutoffTid: number,
): RevisionPlan[] {
  const byUid = new Map<string, Array<{ tid: number; deleted: boolean }>>();
  for (const r of revisions) {
    if (r.tid > cutoffTid) continue;
    const list = byUid.get(r.uid);
    if (list) list.push(r);
    else byUid.set(r.uid, [r]);
  }
  const out: RevisionPlan[] = [];
  for (const [uid, list] of byUid) {
    list.sort((a, b) => a.tid - b.tid);
    const atCutoff = list[list.length - 1];
    if (atCutoff.deleted && !existing.has(uid)) out.push({ uid, below: cutoffTid + 1, count: list.length });
    else if (list.length > 1) out.push({ uid, below: atCutoff.tid, count: list.length - 1 });
  }
  return out;
}

/** The next objects (by uid) that have a revision up to the cutoff. */
async function nextUids(db: Db, cutoffTid: number, after: string | null): Promise<string[]> {
  let q = db.selectFrom('revisions').select('uid').distinct().where('tid', '<=', cutoffTid);
  if (after !== null) q = q.where('uid', '>', after);
  const rows = await q.orderBy('uid').limit(UIDS_PER_BATCH).execute();
  return rows.map((r) => r.uid);
}

export interface RevisionsPacked {
  revisions: number;
  /** Deleted objects whose whole history up to the cutoff went. */
  forgotten: number;
  /**
   * Whether pack removed (in a dry run: would remove) a revision — for a dry
   * run's later steps, which count as if the history were gone.
   */
  removed: (uid: string, tid: number) => boolean;
}

/** Removes the revisions nobody needs, up to `cutoffTid`, batch by batch. */
export async function packRevisions(
  target: PackTarget,
  cutoffTid: number,
  opts: { dryRun?: boolean } = {},
): Promise<RevisionsPacked> {
  // Only a dry run needs to remember (the others see the revisions gone).
  const below = new Map<string, number>();
  const done: RevisionsPacked = {
    revisions: 0,
    forgotten: 0,
    removed: (uid, tid) => tid < (below.get(uid) ?? 0),
  };
  let after: string | null = null;
  for (;;) {
    const uids = await nextUids(target.db, cutoffTid, after);
    if (uids.length === 0) return done;
    after = uids[uids.length - 1];
    const work = async (db: Db) => {
      // Read inside the batch's transaction: nobody writes revisions up to
      // the cutoff, but an object may have been deleted or restored since.
      const revisions = await db
        .selectFrom('revisions')
        .select(['uid', 'tid', 'deleted'])
        .where('uid', 'in', uids)
        .where('tid', '<=', cutoffTid)
        .execute();
      // A trashed object still exists (it may be restored): its history stays.
      const existing = [
        ...(await db.selectFrom('objects').select('uid').where('uid', 'in', uids).execute()),
        ...(await db.selectFrom('trash_objects').select('uid').where('uid', 'in', uids).execute()),
      ];
      const plans = planRevisions(
        revisions.map((r) => ({ uid: r.uid, tid: Number(r.tid), deleted: Boolean(Number(r.deleted)) })),
        new Set(existing.map((r) => r.uid)),
        cutoffTid,
      );
      for (const p of plans)
        if (!opts.dryRun)
          await db.deleteFrom('revisions').where('uid', '=', p.uid).where('tid', '<', p.below).execute();
      return plans;
    };
    // Counted once committed (a batch may be tried again).
    const plans = opts.dryRun ? await work(target.db) : await inBatch(target, work);
    for (const p of plans) {
      if (opts.dryRun) below.set(p.uid, p.below);
      done.revisions += p.count;
      if (p.below === cutoffTid + 1) done.forgotten++;
    }
  }
}
