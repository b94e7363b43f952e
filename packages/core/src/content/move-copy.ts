// Copy, move and rename: the domain side of @copy, @move and PATCH {"id"}.
// Each runs inside the caller's write transaction; checks come first, then
// one storage call per operation (docs/decisions/0028-move-copy-redirects.md).

import { can } from '../access/checker.js';
import type { SecurityDescriptor } from '../access/descriptor.js';
import { refreshSecurity, securityFor, windowOf } from '../access/materialize.js';
import { ploneDate } from '../dates.js';
import { badRequest, TesseraError } from '../errors.js';
import type { ContentRecord, WriteTx } from '../ports/storage.js';
import type { Permission, Principal } from '../security.js';
import type { WorkflowChain } from '../workflow/chain.js';
import { checkAddable, newUid } from './operations.js';
import { recordMove } from './rename.js';
import type { TypeRegistry } from './type-registry.js';
import { WORKING_COPY, WORKING_COPY_OF } from './working-copy-keys.js';

export interface PasteInput {
  tx: WriteTx;
  types: TypeRegistry;
  workflows: WorkflowChain;
  principal: Principal;
  source: ContentRecord;
  target: ContentRecord;
  now?: Date;
}

/**
 * The id a pasted object gets in its new folder, by Zope's OFS rule: its own
 * id when free, else `copy_of_<id>`, `copy2_of_<id>`, `copy3_of_<id>`… — an
 * id that already is `copyN_of_<x>` continues from N.
 */
export function pasteCandidates(id: string, count: number): string[] {
  const m = /^copy(\d*)_of_(.+)$/.exec(id);
  const base = m ? m[2]! : id;
  let n = m ? Number(m[1] || '1') : 0;
  const out = [id];
  while (out.length < count) {
    out.push(`copy${n ? n + 1 : ''}_of_${base}`);
    n++;
  }
  return out;
}

export async function freePasteId(tx: WriteTx, parentUid: string, id: string): Promise<string> {
  for (let batch = 1; ; batch++) {
    const candidates = pasteCandidates(id, batch * 100).slice((batch - 1) * 100);
    const taken = await tx.childIdsAmong(parentUid, candidates);
    const free = candidates.find((c) => !taken.has(c));
    if (free) return free;
  }
}

function demand(principal: Principal, permission: Permission, rec: ContentRecord) {
  if (can(principal, permission, rec)) return;
  const message = `You are not allowed to do this: "${permission}" on ${rec.path || '/'}.`;
  throw new TesseraError(principal.id === null ? 'Unauthorized' : 'Forbidden', message);
}

/** Checks shared by copy and move: a real source, a folder that takes its type, not into itself. */
function checkPaste(input: PasteInput, verb: 'copied' | 'moved') {
  const { source, target, principal } = input;
  if (source.parentUid === null) throw badRequest(`The site root cannot be ${verb}.`);
  if (target.path === source.path || target.path.startsWith(`${source.path}/`))
    throw badRequest(`${source.path} cannot be ${verb} into itself.`);
  demand(principal, 'View', source);
  demand(principal, 'Copy or Move', source);
  // Permissions are checked again at the target, whatever the request's context was.
  demand(principal, 'Add portal content', target);
  checkAddable(input.types, target, source.type);
}

/** Moves `source` (and its subtree) into `target`; UIDs stay, old URLs redirect. */
export async function moveContent(input: PasteInput): Promise<{ record: ContentRecord; uids: string[] }> {
  const { tx, source, target, principal } = input;
  checkPaste(input, 'moved');
  demand(principal, 'Delete objects', source);
  // Already there: nothing to do (OFS would rename it to copy_of_…; Plone's UI does not).
  if (source.parentUid === target.uid) return { record: source, uids: [] };
  const id = await freePasteId(tx, target.uid, source.id);
  const now = input.now ?? new Date();
  const moved = await tx.moveTree(source.uid, target.uid, id);
  await recordMove(tx, moved.oldPath, moved.newPath, source.uid, now);
  const rec = (await tx.byUid(source.uid))!;
  // Inherited roles and the view tokens follow the new container.
  await refreshSecurity(tx, rec, input.workflows);
  return { record: (await tx.byUid(source.uid))!, uids: moved.uids };
}

/**
 * Copies `source` and its subtree into `target`: new UIDs, the same blobs
 * (by hash, no bytes copied), workflow back to each type's initial state
 * (CMF drops a copy's workflow history), the copier as Owner.
 */
export async function copyContent(input: PasteInput): Promise<ContentRecord> {
  const { tx, source, target, principal, workflows } = input;
  checkPaste(input, 'copied');
  const id = await freePasteId(tx, target.uid, source.id);
  const now = ploneDate(input.now ?? new Date());
  const subtree = [source, ...(await tx.descendants(source.path))];
  const copies = new Map<string, { uid: string; security: SecurityDescriptor }>();
  let root: ContentRecord | undefined;
  for (const rec of subtree) {
    const parent = rec === source ? target : copies.get(rec.parentUid ?? '');
    if (!parent) continue;
    const parentUid = parent.uid;
    const data = copiedData(rec, principal, workflows, now);
    const sec = securityFor(parent.security, rec.type, data, workflows);
    const inserted = await tx.insert({
      uid: newUid(),
      parentUid,
      id: rec === source ? id : rec.id,
      type: rec.type,
      created: rec.created,
      modified: now,
      data,
      ...sec,
      ...windowOf(data),
    });
    copies.set(rec.uid, { uid: inserted.uid, security: inserted.security });
    root ??= inserted;
  }
  return root!;
}

function copiedData(
  rec: ContentRecord,
  principal: Principal,
  workflows: WorkflowChain,
  now: string,
): Record<string, unknown> {
  const data: Record<string, unknown> = structuredClone(rec.data);
  const roles: Record<string, string[]> = {};
  for (const [who, list] of Object.entries((data.local_roles as Record<string, string[]>) ?? {})) {
    const kept = list.filter((r) => r !== 'Owner');
    if (kept.length) roles[who] = kept;
  }
  if (principal.id) roles[principal.id] = [...(roles[principal.id] ?? []), 'Owner'];
  data.local_roles = roles;
  // A copy is nobody's working copy, nor has one (docs/working-copy.md).
  delete data[WORKING_COPY];
  delete data[WORKING_COPY_OF];
  const wf = workflows.forType(rec.type);
  if (wf) {
    data.review_state = wf.initial;
    data.review_history = [
      { action: null, actor: principal.id ?? '', comments: '', review_state: wf.initial, time: now },
    ];
  }
  return data;
}
