// The workflow engine: which transitions a principal may take on an object
// (guards checked against its permissions and roles there), and taking one —
// new state, a review-history entry, then the object's security (and its
// subtree's, where it depends on it) recomputed.
import { can, rolesOn } from '../access/checker.js';
import { refreshSecurity, windowOf } from '../access/materialize.js';
import { ploneDate } from '../dates.js';
import { badRequest, TesseraError } from '../errors.js';
import type { ContentRecord, WriteTx } from '../ports/storage.js';
import type { Permission, Principal } from '../security.js';
import { formatUtc, parseDateTime } from '../types/fields-time.js';
import type { WorkflowChain } from './chain.js';
import type { HistoryEntry, TransitionDef, WorkflowDef } from './definitions.js';

export function stateOf(rec: ContentRecord, wf: WorkflowDef) {
  return wf.states[(rec.data.review_state as string) ?? wf.initial] ?? wf.states[wf.initial];
}

export function guardAllows(principal: Principal, rec: ContentRecord, t: TransitionDef): boolean {
  const { permissions = [], roles = [] } = t.guard;
  if (!permissions.length && !roles.length) return true;
  if (permissions.some((p) => can(principal, p as Permission, rec))) return true;
  if (roles.length) {
    const mine = rolesOn(principal, rec);
    if (roles.some((r) => mine.has(r))) return true;
  }
  return false;
}

/** The transitions the principal may take from the object's current state, sorted by id. */
export function availableTransitions(
  principal: Principal,
  rec: ContentRecord,
  wf: WorkflowDef,
): TransitionDef[] {
  return stateOf(rec, wf)
    .transitions.map((id) => wf.transitions[id])
    .filter((t): t is TransitionDef => t !== undefined && guardAllows(principal, rec, t))
    .sort((a, b) => a.id.localeCompare(b.id));
}

export interface TransitionInput {
  tx: WriteTx;
  rec: ContentRecord;
  principal: Principal;
  workflows: WorkflowChain;
  transition: string;
  comment?: string;
  effective?: string;
  expires?: string;
  includeChildren?: boolean;
  now?: Date;
}

export interface TransitionResult {
  entry: HistoryEntry;
  stateTitle: string;
  /** Every object whose data or security changed. */
  changed: string[];
}

function dateArg(name: string, value: unknown): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const ms = typeof value === 'string' ? parseDateTime(value) : null;
  if (ms === null) throw badRequest(`Invalid ${name} date: ${JSON.stringify(value)}`);
  return formatUtc(ms);
}

export async function doTransition(input: TransitionInput): Promise<TransitionResult> {
  const { tx, principal, workflows } = input;
  if (input.comment !== undefined && typeof input.comment !== 'string')
    throw badRequest('"comment" must be a string.');
  const effective = dateArg('effective', input.effective);
  const expires = dateArg('expires', input.expires);
  const changed: string[] = [];
  const now = ploneDate(input.now ?? new Date());

  const apply = async (rec: ContentRecord, strict: boolean): Promise<HistoryEntry | undefined> => {
    const wf = workflows.forType(rec.type);
    const t = wf ? wf.transitions[input.transition] : undefined;
    if (!wf || !t || !stateOf(rec, wf).transitions.includes(t.id)) {
      if (!strict) return undefined;
      const valid = wf ? availableTransitions(principal, rec, wf).map((x) => x.id) : [];
      throw badRequest(
        `Invalid transition '${input.transition}'. Valid transitions are: ${valid.join(', ') || '(none)'}.`,
      );
    }
    if (!guardAllows(principal, rec, t)) {
      if (!strict) return undefined;
      // Anonymous may log in and try again (401); a known user is refused (403).
      throw new TesseraError(
        principal.id === null ? 'Unauthorized' : 'Forbidden',
        `You are not allowed to ${t.title.toLowerCase()} this item.`,
      );
    }
    const entry: HistoryEntry = {
      action: t.id,
      actor: principal.id ?? '',
      comments: input.comment ?? '',
      review_state: t.to,
      time: now,
    };
    const data: Record<string, unknown> = {
      ...rec.data,
      review_state: t.to,
      review_history: [...((rec.data.review_history as HistoryEntry[]) ?? []), entry],
    };
    if (effective) data.effective = effective;
    if (expires) data.expires = expires;
    // Publishing sets the effective date when none is set, as Plone does.
    if (!data.effective && t.to === 'published')
      data.effective = formatUtc(Date.parse(`${now.slice(0, 19)}Z`));
    const updated = await tx.update(rec.uid, { data, modified: now, window: windowOf(data) });
    changed.push(rec.uid);
    await refreshSecurity(tx, updated, workflows);
    return entry;
  };

  const entry = await apply(input.rec, true);
  if (input.includeChildren) {
    for (const child of await tx.descendants(input.rec.path)) {
      const fresh = await tx.byUid(child.uid);
      if (fresh) await apply(fresh, false);
    }
  }
  const wf = workflows.forType(input.rec.type)!;
  return { entry: entry!, stateTitle: wf.states[entry!.review_state]?.title ?? entry!.review_state, changed };
}
