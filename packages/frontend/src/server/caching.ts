// Cache headers for page responses: shared caches may keep anonymous pages
// briefly and purge them by content UID (xkey for Varnish, Surrogate-Key for
// Fastly, Cache-Tag for Cloudflare); anything personal is never stored.
import { createHash } from 'node:crypto';

export const DEFAULT_CACHE_CONTROL = 'public, max-age=0, s-maxage=60, stale-while-revalidate=300';
export const PRIVATE = 'private, no-store';

export function etagOf(body: Uint8Array): string {
  return `"${createHash('sha1').update(body).digest('base64url')}"`;
}

export function matchesEtag(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(',').some((t) => t.trim().replace(/^W\//, '') === etag || t.trim() === '*');
}

/** At most this many surrogate keys per page. */
const MAX_KEYS = 150;

export function cacheHeaders(opts: {
  authenticated: boolean;
  status: number;
  method: string;
  uids: Iterable<string>;
  cacheControl: string;
}): Record<string, string> {
  const cacheable =
    !opts.authenticated && (opts.method === 'GET' || opts.method === 'HEAD') && opts.status < 500;
  if (!cacheable) return { 'cache-control': opts.authenticated ? PRIVATE : 'no-store' };
  // Capped like the backend's (surrogate-keys.ts): three headers stay well
  // under a proxy's header limits; the page's own UID is recorded first.
  const uids = [...new Set(opts.uids)].filter((u) => /^[\w-]+$/.test(u)).slice(0, MAX_KEYS);
  const headers: Record<string, string> = { 'cache-control': opts.cacheControl };
  if (uids.length) {
    headers.xkey = uids.join(' ');
    headers['surrogate-key'] = uids.join(' ');
    headers['cache-tag'] = uids.join(',');
  }
  return headers;
}
