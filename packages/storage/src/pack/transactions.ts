// Transaction rows up to the cutoff that nothing refers to any more, and the
// cache-invalidation log (object_changes) up to the cutoff.
//
// A tid is referred to by revisions (history shows who and when), by the
// current rows (objects, settings, types, users, groups, principals_version:
// their `tid` says which commit wrote them) and by object_changes. Only tids up
// to the cutoff are considered, and references to them only ever go away
// (writers use new tids), so one look at the small tables is enough. The
// newest transaction always stays: lastTid() reads it.
import { type Db, inBatch, type PackTarget } from './batch.js';

const TIDS_PER_BATCH = 1000;

/** The last tid of a transaction older than `cutoff` (ISO time): everything up to it is "old". */
export async function cutoffTid(db: Db, cutoff: string): Promise<number> {
  const young = await db
    .selectFrom('transactions')
    .select((eb) => eb.fn.min<number>('tid').as('tid'))
    .where('at', '>=', cutoff)
    .executeTakeFirst();
  // Conservative where clocks disagree: the first young commit and all after it stay young.
  if (young?.tid != null) return Number(young.tid) - 1;
  const last = await db
    .selectFrom('transactions')
    .select((eb) => eb.fn.max<number>('tid').as('tid'))
    .executeTakeFirst();
  return Number(last?.tid ?? 0);
}

async function referencedUpTo(db: Db, cutoff: number): Promise<Set<number>> {
  const out = new Set<number>();
  for (const table of [
    'objects',
    'settings',
    'types',
    'users',
    'principal_groups',
    'principals_version',
  ] as const) {
    const rows = await db
      .selectFrom(table as 'objects')
      .select('tid')
      .distinct()
      .where('tid', '<=', cutoff)
      .execute();
    for (const r of rows) out.add(Number(r.tid));
  }
  return out;
}

export interface TransactionsPacked {
  transactions: number;
  objectChanges: number;
}

export async function packTransactions(
  target: PackTarget,
  cutoff: number,
  opts: { dryRun?: boolean; removed?: (uid: string, tid: number) => boolean } = {},
): Promise<TransactionsPacked> {
  const removed = opts.removed ?? (() => false);
  const done: TransactionsPacked = { transactions: 0, objectChanges: 0 };
  const { db } = target;
  const newest = await db
    .selectFrom('transactions')
    .select((eb) => eb.fn.max<number>('tid').as('tid'))
    .executeTakeFirst();
  const upTo = Math.min(cutoff, Number(newest?.tid ?? 0) - 1);
  const first = await db
    .selectFrom('transactions')
    .select((eb) => eb.fn.min<number>('tid').as('tid'))
    .executeTakeFirst();
  if (first?.tid == null) return done;
  const referenced = await referencedUpTo(db, upTo);
  for (let from = Number(first.tid); from <= upTo; from += TIDS_PER_BATCH) {
    const to = Math.min(upTo, from + TIDS_PER_BATCH - 1);
    const work = async (tx: Db) => {
      const changes = await tx
        .selectFrom('object_changes')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('tid', '>=', from)
        .where('tid', '<=', to)
        .executeTakeFirst();
      if (!opts.dryRun)
        await tx.deleteFrom('object_changes').where('tid', '>=', from).where('tid', '<=', to).execute();
      const tids = await tx
        .selectFrom('transactions')
        .select('tid')
        .where('tid', '>=', from)
        .where('tid', '<=', to)
        .execute();
      const revised = await tx
        .selectFrom('revisions')
        .select(['uid', 'tid'])
        .where('tid', '>=', from)
        .where('tid', '<=', to)
        .execute();
      const kept = new Set(revised.filter((r) => !removed(r.uid, Number(r.tid))).map((r) => Number(r.tid)));
      const unused = tids.map((r) => Number(r.tid)).filter((t) => !referenced.has(t) && !kept.has(t));
      if (unused.length && !opts.dryRun)
        await tx.deleteFrom('transactions').where('tid', 'in', unused).execute();
      return { transactions: unused.length, objectChanges: Number(changes?.n ?? 0) };
    };
    // Counted once committed (a batch may be tried again).
    const counted = opts.dryRun ? await work(db) : await inBatch(target, work);
    done.transactions += counted.transactions;
    done.objectChanges += counted.objectChanges;
  }
  return done;
}
