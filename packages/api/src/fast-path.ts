// The cached-GET fast path, in front of Fastify. A GET whose serialization is
// in the cache is answered straight from node:http: the same traversal, the
// same catch-up with other processes (site.sync), the same authentication and
// cache key as the full dispatch — only Fastify's per-request machinery is
// skipped. The permission check is the key itself: an entry is stored only
// after the full dispatch checked that principal on that object, and it goes
// stale when anything that could revoke the permission changes (the object's
// security → its uid; the principal's roles or groups → users changed →
// everything). Anything else (a miss, an error, a
// body, a non-GET) falls through to Fastify untouched.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Principal } from '@tessera/core';
import { binaryKey, isBinaryCached } from './binary-cache.js';
import type { ServiceRegistry } from './services/registry.js';
import type { Site } from './site.js';
import { type Traversed, traverse } from './traversal.js';

/**
 * The serialization cache key of a request; dispatch and the fast path must
 * agree. Besides the site URL it holds the object's own URL: a virtual root
 * inside the site (`…/sub/VirtualHostRoot/x`) and one at the site
 * (`…/VirtualHostRoot/sub/x`) share a site URL and a path but not URLs.
 */
export function cacheKeyFor(principal: Principal, t: Traversed, rawQuery: string): string {
  return `${principal.id ?? ''}\n${t.urls.siteUrl}\n${t.urls.url(t.contentPath)}\n${rawQuery}\n${t.contentPath}\n${t.service ?? ''}\n${t.serviceArgs.join('/')}`;
}

export function createFastPath(site: Site, services: ServiceRegistry) {
  const logRequests = () => ['info', 'debug', 'trace'].includes(site.log.level);

  /** Answers the request and returns true, or returns false having touched nothing. */
  return async function tryCached(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    if (req.headers['content-length'] || req.headers['transfer-encoding']) return false;
    const started = performance.now();
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const rawPath = q === -1 ? url : url.slice(0, q);
    const rawQuery = q === -1 ? '' : url.slice(q + 1);
    let t: Traversed;
    try {
      t = traverse(
        {
          path: rawPath,
          host: req.headers.host,
          protocol: (req.socket as { encrypted?: boolean }).encrypted ? 'https' : 'http',
          forwardedHost: req.headers['x-forwarded-host'] as string | undefined,
          forwardedProto: req.headers['x-forwarded-proto'] as string | undefined,
        },
        site.mount,
        site.config.trustProxy,
      );
    } catch {
      return false;
    }
    const svc = services.find('GET', t.service);
    const binary = isBinaryCached(t.service);
    if (!svc || !(svc.cacheable || binary) || (t.serviceArgs.length && !svc.takesArgs)) return false;
    await site.sync();
    const principal = await site.auth.authenticate({
      method: req.method,
      headers: req.headers,
      address: req.socket.remoteAddress,
    });
    const key = cacheKeyFor(principal, t, rawQuery);
    const hit = site.cache.get(binary ? binaryKey(key) : key);
    if (!hit) return false;

    if (req.headers['if-none-match'] === hit.etag) {
      const keep = hit.headers ? { 'Cache-Control': hit.headers['Cache-Control'] ?? 'no-cache' } : {};
      res.writeHead(304, { ETag: hit.etag, ...keep });
      res.end();
    } else {
      res.writeHead(
        200,
        hit.headers ?? {
          ETag: hit.etag,
          'Content-Type': 'application/json',
          'Content-Length': hit.body.length,
          ...hit.keys,
        },
      );
      res.end(req.method === 'HEAD' ? undefined : hit.body);
    }
    if (logRequests()) {
      site.log.info(
        {
          reqId: req.headers['x-request-id'],
          method: req.method,
          url,
          status: res.statusCode,
          ms: performance.now() - started,
          cached: true,
        },
        'request',
      );
    }
    return true;
  };
}
