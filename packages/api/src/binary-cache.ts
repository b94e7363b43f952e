// Byte responses the fast path may answer (image scales): kept in the
// serialization cache beside the JSON bodies, with the same invalidation
// (the object's uid, principals' changes) and the same per-principal key,
// but in their own key space: the full dispatch, which only knows JSON
// entries, never finds them.
import type { Principal } from '@tessera/core';
import { cacheKeyFor } from './fast-path.js';
import type { ServiceContext } from './services/registry.js';
import type { Traversed } from './traversal.js';

const services = new Set<string>();

/** Lets the fast path look up cached bytes for this @service. */
export function cacheBinaryResponses(service: string) {
  services.add(service);
}

export function isBinaryCached(service: string | null): boolean {
  return service !== null && services.has(service);
}

export const binaryKey = (key: string) => `bytes\n${key}`;

/** Keeps a byte response for the fast path: valid until the object or the principals change. */
export function keepBinary(
  ctx: ServiceContext,
  service: string,
  /** The snapshot the permission was checked in (tx.lastTid()): later changes make the entry stale. */
  tid: number,
  reply: { body: Buffer; etag: string; headers: Record<string, string> },
) {
  const { body, etag, headers } = reply;
  const { site } = ctx;
  if (body.length > site.cache.maxEntryBytes) return;
  // The request's own traversal, as the fast path computes it for the next one.
  const t = { urls: ctx.urls, contentPath: ctx.content.path, service, serviceArgs: ctx.args } as Traversed;
  const url = ctx.req.url;
  const rawQuery = url.includes('?') ? url.slice(url.indexOf('?') + 1) : '';
  const key = binaryKey(cacheKeyFor(ctx.principal as Principal, t, rawQuery));
  site.cache.set(key, { body, etag, tid, deps: [ctx.content.uid], headers: { ...headers, ETag: etag } });
}
