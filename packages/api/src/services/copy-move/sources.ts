// What @copy/@move's "source" names: an absolute URL of this site, a path
// (site-relative, or with the site's mount point), or a UID.
import { badRequest, type ContentRecord, type ReadTx } from '@tessera/core';
import type { ServiceContext } from '../registry.js';

const UID = /^[0-9a-f]{32}$/i;

export function sourceList(body: unknown): string[] {
  const source = (body as { source?: unknown } | null)?.source;
  const list = Array.isArray(source) ? source : [source];
  if (source === undefined || list.length === 0 || list.some((s) => typeof s !== 'string' || !s))
    throw badRequest('Property "source" is required: a URL, path or UID, or a list of them.');
  return list as string[];
}

/** The site-relative path a URL or path names, or null when it is not inside this site. */
function pathOf(ctx: ServiceContext, ref: string): string | null {
  let path: string;
  if (/^https?:\/\//i.test(ref)) {
    const site = ctx.urls.siteUrl;
    const bare = ref.split(/[?#]/, 1)[0]!.replace(/\/+$/, '');
    if (bare !== site && !bare.startsWith(`${site}/`)) return null;
    path = bare.slice(site.length);
  } else path = ref.startsWith('/') ? ref.replace(/\/+$/, '') : `/${ref}`;
  const segs = path
    .split('/')
    .filter((s) => s && s !== '++api++')
    .map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    });
  return segs.length ? `/${segs.join('/')}` : '';
}

export async function resolveSource(ctx: ServiceContext, tx: ReadTx, ref: string): Promise<ContentRecord> {
  let found: ContentRecord | undefined;
  if (UID.test(ref)) found = await tx.byUid(ref.toLowerCase());
  const path = found ? null : pathOf(ctx, ref);
  if (path !== null) {
    found = await tx.byPath(path);
    // A physical path that names the site's mount point (/Plone/front-page).
    const mount = ctx.site.mount.length ? `/${ctx.site.mount.join('/')}` : '';
    if (!found && mount && (path === mount || path.startsWith(`${mount}/`)))
      found = await tx.byPath(path.slice(mount.length));
  }
  if (!found) throw badRequest(`Source "${ref}" does not exist.`);
  return found;
}
