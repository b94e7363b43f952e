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
  const uids = [...new Set(opts.uids)].filter((u) => /^[\w-]+$/.test(u));
  const headers: Record<string, string> = { 'cache-control': opts.cacheControl };
  if (uids.length) {
    headers.xkey = uids.join(' ');
    headers['surrogate-key'] = uids.join(' ');
    headers['cache-tag'] = uids.join(',');
  }
  return headers;
}
