// Working copies (plone.app.iterate's check-out / check-in / cancel), the
// domain side of @workingcopy. Each runs inside the caller's write
// transaction, so the copy, the link on both objects and the check-in's
// replacement of the baseline commit together or not at all.
// https://6.docs.plone.org/plone.restapi/docs/source/endpoints/workingcopy.html
import { securityFor, windowOf } from '../access/materialize.js';
import { ploneDate } from '../dates.js';
import { TesseraError } from '../errors.js';
import type { ContentRecord, ReadTx, WriteTx } from '../ports/storage.js';
import type { Principal } from '../security.js';
import type { WorkflowChain } from '../workflow/chain.js';
import { newUid } from './operations.js';
import {
  baselineUidOf,
  type CheckoutInfo,
  checkoutOf,
  WORKING_COPY,
  WORKING_COPY_OF,
} from './working-copy-keys.js';

/**
 * Data keys that belong to the object, not to the content being staged: a
 * working copy starts with its own, and check-in keeps the baseline's. The
 * baseline keeps its workflow state and history, its sharing, and whether it
 * shows in navigation (the copy is hidden from navigation while it exists).
 */
const OBJECT_KEYS = [
  'review_state',
  'review_history',
  'local_roles',
  'block_local_roles',
  'exclude_from_nav',
  WORKING_COPY,
  WORKING_COPY_OF,
];

function without(data: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(data)) if (!keys.includes(k)) out[k] = v;
  return out;
}

function only(data: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of keys) if (data[k] !== undefined) out[k] = data[k];
  return out;
}

export interface WorkingCopyPair {
  baseline: ContentRecord;
  wc: ContentRecord;
  checkout: CheckoutInfo;
}

/**
 * The baseline and working copy `rec` belongs to (as either), or undefined.
 * A link counts only when both objects name each other: a working copy
 * removed by a plain DELETE (or a baseline deleted) leaves a dangling key on
 * the other object, which then simply has no working copy.
 */
export async function workingCopyPair(
  tx: Pick<ReadTx, 'byUid'>,
  rec: ContentRecord,
): Promise<WorkingCopyPair | undefined> {
  const checkout = checkoutOf(rec.data);
  if (checkout) {
    const wc = await tx.byUid(checkout.uid);
    if (wc && baselineUidOf(wc.data) === rec.uid) return { baseline: rec, wc, checkout };
  }
  const baselineUid = baselineUidOf(rec.data);
  if (baselineUid) {
    const baseline = await tx.byUid(baselineUid);
    const info = baseline && checkoutOf(baseline.data);
    if (baseline && info?.uid === rec.uid) return { baseline, wc: rec, checkout: info };
  }
  return undefined;
}

/** plone.app.iterate names the copy like a paste: copy_of_x, then copy2_of_x, copy3_of_x… */
async function copyId(tx: WriteTx, parentUid: string, id: string): Promise<string> {
  const candidates = Array.from({ length: 100 }, (_, i) =>
    i === 0 ? `copy_of_${id}` : `copy${i + 1}_of_${id}`,
  );
  const taken = await tx.childIdsAmong(parentUid, candidates);
  const free = candidates.find((c) => !taken.has(c));
  if (!free) throw new TesseraError('Conflict', `Too many copies of "${id}" in this folder.`);
  return free;
}

export interface CheckOutInput {
  tx: WriteTx;
  baseline: ContentRecord;
  principal: Principal;
  workflows: WorkflowChain;
  /** The site root's id (its stored id is empty): names its working copy. */
  rootId: string;
  now?: Date;
}

/**
 * Checks out `baseline`: a private copy of its own fields (never its
 * children) next to it — inside it for the site root, which has no container
 * — owned by the principal, linked both ways.
 */
export async function checkOut(input: CheckOutInput): Promise<ContentRecord> {
  const { tx, baseline, principal } = input;
  const existing = await workingCopyPair(tx, baseline);
  if (existing?.wc.uid === baseline.uid)
    throw new TesseraError('BadRequest', 'A working copy cannot be checked out again.');
  if (existing)
    throw new TesseraError('Conflict', 'This item is already checked out: it has a working copy.');
  if (!principal.id) throw new TesseraError('Unauthorized', 'Checking out needs an authenticated user.');

  const isRoot = baseline.parentUid === null;
  const parentUid = baseline.parentUid ?? baseline.uid;
  const parent = isRoot ? baseline : await tx.byUid(parentUid);
  if (!parent) throw new TesseraError('NotFound', 'The item has no container.');
  const id = await copyId(tx, parentUid, isRoot ? input.rootId : baseline.id);
  const now = ploneDate(input.now ?? new Date());
  const data: Record<string, unknown> = {
    ...without(baseline.data, OBJECT_KEYS),
    exclude_from_nav: true,
    local_roles: { [principal.id]: ['Owner'] },
    [WORKING_COPY_OF]: baseline.uid,
  };
  const wf = input.workflows.forType(baseline.type);
  if (wf) {
    data.review_state = wf.initial;
    data.review_history = [
      { action: null, actor: principal.id, comments: '', review_state: wf.initial, time: now },
    ];
  }
  // Blob-backed fields keep their hashes: the copy shares the bytes.
  const wc = await tx.insert({
    uid: newUid(),
    parentUid,
    id,
    type: baseline.type,
    created: now,
    modified: now,
    data,
    ...securityFor(parent.security, baseline.type, data, input.workflows),
    ...windowOf(data),
  });
  const checkout: CheckoutInfo = { uid: wc.uid, creator: principal.id, created: now };
  // modified stays: checking out changes no content of the baseline.
  await tx.update(baseline.uid, { data: { ...baseline.data, [WORKING_COPY]: checkout } });
  return wc;
}

export interface CheckInInput {
  tx: WriteTx;
  pair: WorkingCopyPair;
  now?: Date;
}

/**
 * Replaces the baseline's content with the working copy's — fields and
 * blocks only; its URL, UID, children, workflow state, history and sharing
 * stay — then removes the working copy. The caller records the check-in
 * comment as the transaction's note (the baseline's new revision).
 */
export async function checkIn(input: CheckInInput): Promise<ContentRecord> {
  const { tx, pair } = input;
  const data = { ...without(pair.wc.data, OBJECT_KEYS), ...only(pair.baseline.data, OBJECT_KEYS) };
  delete data[WORKING_COPY];
  delete data[WORKING_COPY_OF];
  const updated = await tx.update(pair.baseline.uid, {
    data,
    modified: ploneDate(input.now ?? new Date()),
    window: windowOf(data),
  });
  await tx.deleteTree(pair.wc.uid);
  return updated;
}

/** Cancels a check-out: removes the working copy, unlinks the baseline. Returns the uids removed. */
export async function cancelCheckout(tx: WriteTx, pair: WorkingCopyPair): Promise<string[]> {
  const removed = await tx.deleteTree(pair.wc.uid);
  const data = { ...pair.baseline.data };
  delete data[WORKING_COPY];
  await tx.update(pair.baseline.uid, { data });
  return removed;
}

/**
 * plone.app.iterate locks the baseline while it is checked out: only the
 * user who checked out may still write to it (their edits are overwritten
 * at check-in); anyone else gets 423 with the holder, as for any lock.
 */
export async function refuseIfCheckedOut(
  tx: Pick<ReadTx, 'byUid'>,
  rec: ContentRecord,
  principal: Principal,
): Promise<void> {
  const checkout = checkoutOf(rec.data);
  if (!checkout || checkout.creator === principal.id) return;
  const pair = await workingCopyPair(tx, rec);
  if (!pair || pair.baseline.uid !== rec.uid) return;
  throw new TesseraError(
    'Locked',
    `This item is checked out by ${checkout.creator}: edit its working copy.`,
    {
      extra: { lock: { creator: checkout.creator, name: 'iterate.lock', stealable: false } },
    },
  );
}
