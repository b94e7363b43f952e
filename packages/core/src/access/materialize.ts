// Keeping each object's stored security up to date: computed for a new
// object from its container, and recomputed down a subtree after a
// transition or a sharing change — descending only where something changed,
// so publishing a folder rewrites the folder (and the items that acquire
// from it), not the site.
import { baselineUidOf, PRIVATE_COPY_WORKFLOW } from '../content/working-copy-keys.js';
import type { ActiveWindow, ContentRecord, WriteTx } from '../ports/storage.js';
import { parseDateTime } from '../types/fields-time.js';
import type { WorkflowChain } from '../workflow/chain.js';
import {
  computeSecurity,
  type OwnSecurity,
  type SecurityDescriptor,
  sameSecurity,
  viewTokens,
} from './descriptor.js';

export function ownSecurity(data: Record<string, unknown>): OwnSecurity {
  return {
    local_roles: (data.local_roles as Record<string, string[]> | undefined) ?? {},
    block_local_roles: data.block_local_roles === true,
    review_state: data.review_state as string | undefined,
  };
}

export function securityFor(
  parent: SecurityDescriptor | null,
  type: string,
  data: Record<string, unknown>,
  chain: WorkflowChain,
): { security: SecurityDescriptor; view: string[] } {
  // A working copy of a type without workflow stays private all the same.
  const workflow = chain.forType(type) ?? (baselineUidOf(data) ? PRIVATE_COPY_WORKFLOW : null);
  const security = computeSecurity(parent, ownSecurity(data), workflow);
  return { security, view: viewTokens(security) };
}

/** A date field's value as a sortable UTC ISO string; null when empty or not a date. */
export const sortableDate = (value: unknown): string | null => {
  if (typeof value !== 'string' || !value) return null;
  const ms = parseDateTime(value);
  return ms === null ? null : new Date(ms).toISOString();
};

/** The publication window stored beside the object, from its effective/expires fields. */
export function windowOf(data: Record<string, unknown>): ActiveWindow {
  return { effective: sortableDate(data.effective), expires: sortableDate(data.expires) };
}

/**
 * Recomputes `rec`'s security (its own settings or state changed) and that
 * of its descendants whose security depends on it. Returns how many objects
 * were rewritten.
 */
export async function refreshSecurity(
  tx: WriteTx,
  rec: ContentRecord,
  chain: WorkflowChain,
): Promise<number> {
  const parent = rec.parentUid ? await tx.byUid(rec.parentUid) : undefined;
  const next = securityFor(parent?.security ?? null, rec.type, rec.data, chain);
  if (sameSecurity(next.security, rec.security)) return 0;
  await tx.setSecurity(rec.uid, next.security, next.view);
  let written = 1;
  // Breadth-first over the changed part of the tree only.
  let frontier: Array<{ uid: string; security: SecurityDescriptor }> = [
    { uid: rec.uid, security: next.security },
  ];
  while (frontier.length) {
    const nextFrontier: typeof frontier = [];
    for (const node of frontier) {
      for (const child of await tx.children(node.uid)) {
        const s = securityFor(node.security, child.type, child.data, chain);
        if (sameSecurity(s.security, child.security)) continue;
        await tx.setSecurity(child.uid, s.security, s.view);
        written++;
        nextFrontier.push({ uid: child.uid, security: s.security });
      }
    }
    frontier = nextFrontier;
  }
  return written;
}

/** Recomputes every object's security, top-down (a site made before security was stored). */
export async function rebuildAllSecurity(tx: WriteTx, chain: WorkflowChain): Promise<number> {
  const root = await tx.byPath('');
  if (!root) return 0;
  const bySecurity = new Map<string, SecurityDescriptor>();
  let n = 0;
  for (const rec of [root, ...(await tx.descendants(''))]) {
    const parent = rec.parentUid ? (bySecurity.get(rec.parentUid) ?? null) : null;
    const data =
      rec.data.local_roles === undefined && rec.data.creators
        ? { ...rec.data, local_roles: { [String((rec.data.creators as string[])[0] ?? 'admin')]: ['Owner'] } }
        : rec.data;
    if (data !== rec.data) await tx.update(rec.uid, { data, window: windowOf(data) });
    const next = securityFor(parent, rec.type, data, chain);
    await tx.setSecurity(rec.uid, next.security, next.view);
    bySecurity.set(rec.uid, next.security);
    n++;
  }
  return n;
}
