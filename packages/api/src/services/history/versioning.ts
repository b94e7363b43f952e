// Versions made by saves (POST, PATCH, PUT on content): a versionable type
// (config `versionableTypes`) gets one per save, with the change note the
// client sent as `changeNote` in the body, as plone.app.versioningbehavior's
// field does. Other parts that replace content (a working copy check-in)
// call `versionOnSave` too.
import { type ContentRecord, isVersionable, saveVersion, type WriteTx } from '@tessera/core';
import type { ServiceContext } from '../registry.js';

/** The change note in a request body, and the body without it (it is no field). */
export function takeChangeNote(body: unknown): { note: string | undefined; body: unknown } {
  if (!body || typeof body !== 'object' || Array.isArray(body) || !('changeNote' in body))
    return { note: undefined, body };
  const { changeNote, ...rest } = body as Record<string, unknown>;
  return { note: typeof changeNote === 'string' ? changeNote : undefined, body: rest };
}

/** Records a version of `rec` when its type is versionable; returns its number. */
export async function versionOnSave(
  ctx: ServiceContext<WriteTx>,
  rec: ContentRecord,
  opts: { created?: boolean; note?: string },
): Promise<number | undefined> {
  if (!isVersionable(ctx.site.config, rec.type)) return undefined;
  const comment = opts.note?.trim() || (opts.created ? 'Initial version' : '');
  return saveVersion(ctx.tx, rec, { actor: ctx.principal.id, comment });
}
