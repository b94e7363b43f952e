// Target folders of copy and move actions: a client names one by UID (as
// plone.restapi's examples do), by site path or by URL; we keep the UID (it
// survives moves) and show the site path, as Plone stores and shows it.
import { type ContentRecord, type ElementDef, type ReadTx, TesseraError } from '@tessera/core';
import type { ServiceContext } from '../../registry.js';

async function resolveFolder(ctx: ServiceContext, ref: string): Promise<ContentRecord | undefined> {
  if (/^[0-9a-f]{32}$/i.test(ref)) return ctx.tx.byUid(ref);
  let path = ref;
  if (path.startsWith(ctx.urls.siteUrl)) path = path.slice(ctx.urls.siteUrl.length);
  else if (/^[a-z][a-z0-9+.-]*:/i.test(path)) return undefined;
  path = path.replace(/\/+$/, '');
  if (path && !path.startsWith('/')) path = `/${path}`;
  return ctx.tx.byPath(path);
}

/** Replaces each folder field's reference by the folder's UID; 400 when it names no folder. */
export async function storeFolders(ctx: ServiceContext, def: ElementDef, values: Record<string, unknown>) {
  for (const field of def.folderFields ?? []) {
    const ref = values[field];
    if (typeof ref !== 'string') continue;
    const folder = await resolveFolder(ctx, ref);
    if (!folder || !ctx.site.types.get(folder.type)?.def.folderish)
      throw new TesseraError('BadRequest', `Invalid ${field}: "${ref}" is not a folder of this site.`, {
        fieldErrors: [{ field, message: 'Not a folder of this site.' }],
      });
    values[field] = folder.uid;
  }
  return values;
}

/** The values as shown: folder UIDs as site paths ('/' for the root). */
export async function shownValues(tx: ReadTx, def: ElementDef, values: Record<string, unknown>) {
  const out = { ...values };
  for (const field of def.folderFields ?? []) {
    const uid = out[field];
    if (typeof uid !== 'string') continue;
    const rec = await tx.byUid(uid);
    out[field] = rec ? rec.path || '/' : uid;
  }
  return out;
}
