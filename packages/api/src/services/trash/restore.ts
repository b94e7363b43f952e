// POST @trash/<uid>/restore: the subtree goes back to its old container (or
// into {"target": path | URL | UID}) with its UID, history, local roles and
// workflow state; its security is then recomputed from where it landed.
import {
  badRequest,
  type ContentRecord,
  can,
  forbidden,
  refreshSecurity,
  TesseraError,
  type TrashEntry,
  type WriteTx,
} from '@tessera/core';
import type { ServiceContext } from '../registry.js';
import { sitePathOf } from '../search/results.js';

const UID = /^[0-9a-f]{32}$/;

/** A container named by UID, absolute URL or site-relative path. */
async function resolveTarget(ctx: ServiceContext<WriteTx>, raw: string): Promise<ContentRecord | undefined> {
  if (UID.test(raw)) return ctx.tx.byUid(raw);
  const site = ctx.urls.url('');
  let path = raw;
  if (/^https?:\/\//.test(raw)) {
    if (raw !== site && !raw.startsWith(`${site}/`)) return undefined;
    path = raw.slice(site.length);
  }
  return ctx.tx.byPath(sitePathOf(ctx, path));
}

/**
 * Plone's paste naming (OFS.CopySupport): `id`, then `copy_of_id`,
 * `copy2_of_id`… — the first free one in the container.
 */
export async function restoredId(tx: WriteTx, parentUid: string, id: string): Promise<string> {
  const candidates = [id, `copy_of_${id}`, ...Array.from({ length: 98 }, (_, i) => `copy${i + 2}_of_${id}`)];
  const taken = await tx.childIdsAmong(parentUid, candidates);
  const free = candidates.find((c) => !taken.has(c));
  if (!free) throw new TesseraError('Conflict', `Too many items named like "${id}" in the target folder.`);
  return free;
}

export async function restoreEntry(
  ctx: ServiceContext<WriteTx>,
  entry: TrashEntry,
): Promise<{ root: ContentRecord; uids: string[]; target: ContentRecord }> {
  const body = (ctx.body ?? {}) as Record<string, unknown>;
  if (typeof body !== 'object' || Array.isArray(body))
    throw badRequest('The request body must be a JSON object.');
  const unknown = Object.keys(body).filter((k) => k !== 'target');
  if (unknown.length) throw badRequest(`Unknown parameters: ${unknown.join(', ')}.`);
  if (body.target !== undefined && (typeof body.target !== 'string' || !body.target))
    throw badRequest('"target" must be a path, URL or UID.');

  let target: ContentRecord | undefined;
  if (typeof body.target === 'string') {
    target = await resolveTarget(ctx, body.target);
    if (!target) throw badRequest(`The target "${body.target}" does not exist.`);
  } else {
    target = await ctx.tx.byUid(entry.parentUid);
    if (!target)
      throw new TesseraError(
        'Conflict',
        'The folder this item was deleted from no longer exists: restore it into another one with {"target": path or UID}.',
      );
  }
  const info = ctx.site.types.get(target.type);
  if (!info?.def.folderish) throw badRequest(`The target "${target.path || '/'}" is not a folder.`);
  if (!can(ctx.principal, 'Add portal content', target))
    throw forbidden('You may not add content to the target folder.');
  if (target.uid !== entry.parentUid) {
    // Elsewhere, the target's type constraints apply, as for a paste.
    const allowed = info.def.allowedContentTypes;
    const typeInfo = ctx.site.types.get(entry.type);
    const ok = allowed == null ? typeInfo?.def.globalAllow !== false : allowed.includes(entry.type);
    if (!ok) throw badRequest(`"${entry.type}" may not be added to the target folder.`);
  }
  const id = await restoredId(ctx.tx, target.uid, entry.id);
  const { uids } = await ctx.tx.restoreTrash(entry.uid, { parentUid: target.uid, id });
  // Its security follows its (possibly new) container; the rows came back as they were.
  const placed = await ctx.tx.byUid(entry.uid);
  if (!placed) throw new Error(`restored object ${entry.uid} is missing`);
  await refreshSecurity(ctx.tx, placed, ctx.site.workflows);
  const root = (await ctx.tx.byUid(entry.uid))!;
  return { root, uids, target };
}
