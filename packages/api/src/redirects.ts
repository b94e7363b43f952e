// Old URLs of moved or renamed content (plone.app.redirector): when nothing
// is at a path, the redirects table may know where it went — for the path
// itself or for an ancestor (a moved folder's descendants redirect too).
// GET/HEAD answer 301; other methods 308, which keeps the method and body.
import { type ContentRecord, can, type Principal, type ReadTx } from '@tessera/core';
import type { Traversed } from './traversal.js';

/** Thrown from inside the request's transaction instead of a 404; rendered by dispatch. */
export class Redirect {
  constructor(
    readonly status: number,
    readonly location: string,
  ) {}
}

/** Where the content once at `path` is now, following the longest recorded prefix. */
export async function findRedirect(
  tx: ReadTx,
  path: string,
): Promise<{ path: string; target: ContentRecord } | undefined> {
  if (path === '') return undefined;
  const segs = path.split('/').slice(1);
  const candidates = segs.map((_, i) => `/${segs.slice(0, i + 1).join('/')}`);
  const r = await tx.redirectFor(candidates);
  if (!r || r.targetPath === null) return undefined;
  const newPath = r.targetPath + path.slice(r.path.length);
  if (newPath === path) return undefined;
  const target = await tx.byPath(newPath);
  return target && { path: newPath, target };
}

/**
 * The Redirect for a request whose content path does not exist, or undefined.
 * Only to what the principal may view: a redirect would otherwise tell who
 * follows an old link where private content went (docs/copy-move-redirects.md).
 */
export async function redirectFor(
  tx: ReadTx,
  t: Traversed,
  req: { method: string; url: string },
  principal: Principal,
): Promise<Redirect | undefined> {
  const found = await findRedirect(tx, t.contentPath);
  if (!found || !can(principal, 'View', found.target)) return undefined;
  const tail = t.service
    ? `/${[t.service, ...t.serviceArgs].map((s) => encodeURIComponent(s).replace(/%40/g, '@')).join('/')}`
    : '';
  const q = req.url.indexOf('?');
  const query = q === -1 ? '' : req.url.slice(q);
  const safe = req.method === 'GET' || req.method === 'HEAD';
  return new Redirect(safe ? 301 : 308, t.urls.url(found.path) + tail + query);
}
