// What @relations and @linkintegrity share: resolving a reference (UID, site
// path, or URL of this site) to an object, the security filter of link
// queries, and the summaries of linked objects.
import {
  type ContentRecord,
  type ListFilter,
  type Principal,
  principalTokens,
  type ReadTx,
} from '@tessera/core';
import { summarize } from '../../serializers/summary.js';
import type { ServiceContext } from '../registry.js';

/**
 * The object a reference names: a UID, a site path ('/document', or with the
 * mount: '/Plone/document'), or an absolute URL below this site's URL.
 */
export async function resolveRef(ctx: ServiceContext, ref: unknown): Promise<ContentRecord | undefined> {
  if (typeof ref !== 'string' || ref === '' || ref.length > 2048) return undefined;
  let path: string | undefined;
  if (ref.startsWith(`${ctx.urls.siteUrl}/`) || ref === ctx.urls.siteUrl)
    path = ref.slice(ctx.urls.siteUrl.length);
  else if (ref.startsWith('/')) path = ref;
  if (path === undefined) return /^[\w-]{1,36}$/.test(ref) ? ctx.tx.byUid(ref) : undefined;
  path = path.replace(/\/+$/, '');
  const mount = ctx.site.config.sitePath;
  const found = await ctx.tx.byPath(path);
  if (found || !mount || !(path === mount || path.startsWith(`${mount}/`))) return found;
  return ctx.tx.byPath(path.slice(mount.length));
}

/** Who may View which object, as a link query filter (publication windows do not hide links, as in Plone). */
export const viewFilter = (principal: Principal): ListFilter => ({
  tokens: principalTokens(principal),
  activeAt: null,
});

/** Loads each object once per request. */
export class RecordCache {
  private readonly byUid = new Map<string, Promise<ContentRecord | undefined>>();
  constructor(private readonly tx: ReadTx) {}
  get(uid: string) {
    let rec = this.byUid.get(uid);
    if (!rec) {
      rec = this.tx.byUid(uid);
      this.byUid.set(uid, rec);
    }
    return rec;
  }
}

/** plone.restapi's summary of a relation end: the listing summary plus the UID. */
export function relationSummary(ctx: ServiceContext, rec: ContentRecord) {
  return summarize(rec, ctx.site, ctx.urls, ['UID']);
}
