// Versions of content (CMFEditions' semantics, our storage): a versionable
// type gets a new version on each save, with the change note; reverting
// copies an old version's fields back (keeping workflow and sharing, as
// CMFEditions' "retain" modifiers do) and is itself a new version.
import type { Config } from '../config.js';
import type { ContentRecord, WriteTx } from '../ports/storage.js';

/** Attributes a revert keeps from the current object: workflow state and history, sharing. */
const RETAINED = ['review_state', 'review_history', 'local_roles', 'block_local_roles'] as const;

/** Left out of diffs: they change through @workflow and @sharing, which history lists apart. */
const NOT_DIFFED = new Set<string>([...RETAINED, 'creators']);

export function isVersionable(config: Pick<Config, 'versionableTypes'>, type: string): boolean {
  return config.versionableTypes.includes(type);
}

/** Records the object as it is now (after this transaction's change) as its next version. */
export function saveVersion(
  tx: WriteTx,
  rec: ContentRecord,
  opts: { actor: string | null; comment: string; now?: Date },
): Promise<number> {
  return tx.addVersion({
    uid: rec.uid,
    at: (opts.now ?? new Date()).toISOString(),
    actor: opts.actor,
    comment: opts.comment,
    path: rec.path,
    type: rec.type,
    data: rec.data,
  });
}

/** The data an object gets when reverted to `old`: the old fields, the current workflow and sharing. */
export function revertedData(
  current: Record<string, unknown>,
  old: Record<string, unknown>,
): Record<string, unknown> {
  const data: Record<string, unknown> = { ...old };
  for (const k of RETAINED) {
    if (current[k] === undefined) delete data[k];
    else data[k] = current[k];
  }
  return data;
}

/** One changed field between two versions (docs/history-and-locking.md, "Diff"). */
export interface FieldChange {
  field: string;
  old: unknown;
  new: unknown;
  /** For `blocks`: which block ids were added, removed or changed. */
  blocks?: { added: string[]; removed: string[]; changed: string[] };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The fields whose values differ between two versions' data, in field-name order. */
export function diffData(a: Record<string, unknown>, b: Record<string, unknown>): FieldChange[] {
  const names = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => !NOT_DIFFED.has(k)).sort();
  const out: FieldChange[] = [];
  for (const field of names) {
    const oldValue = a[field] ?? null;
    const newValue = b[field] ?? null;
    if (same(oldValue, newValue)) continue;
    const change: FieldChange = { field, old: oldValue, new: newValue };
    if (field === 'blocks') change.blocks = diffBlocks(oldValue, newValue);
    out.push(change);
  }
  return out;
}

function diffBlocks(a: unknown, b: unknown) {
  const oldBlocks = (a && typeof a === 'object' ? a : {}) as Record<string, unknown>;
  const newBlocks = (b && typeof b === 'object' ? b : {}) as Record<string, unknown>;
  const added = Object.keys(newBlocks).filter((id) => !(id in oldBlocks));
  const removed = Object.keys(oldBlocks).filter((id) => !(id in newBlocks));
  const changed = Object.keys(newBlocks).filter(
    (id) => id in oldBlocks && !same(oldBlocks[id], newBlocks[id]),
  );
  return { added, removed, changed };
}
