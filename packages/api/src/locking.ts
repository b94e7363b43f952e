// Edit locks seen from the HTTP side: the generic check every write runs
// before its handler (app.ts), and the lock info plone.restapi returns from
// @lock and in the `lock` key of content.
// https://6.docs.plone.org/plone.restapi/docs/source/endpoints/locking.html
import {
  activeLock,
  type ContentRecord,
  type LockRecord,
  lockBlocks,
  lockExpires,
  lockedError,
  type Principal,
  type ReadTx,
} from '@tessera/core';
import type { CacheBounds } from './access.js';
import type { Method } from './services/registry.js';
import type { SiteUrls } from './traversal.js';

/** Whether a service checks locks when it does not say: every write but adding content inside. */
export function locksByDefault(method: Method | string, name: string | null): boolean {
  return !(method === 'POST' && name === null);
}

/** The lock token a request carries (plone.restapi reads the `Lock-Token` header). */
export function requestLockToken(headers: Record<string, string | string[] | undefined>): string | undefined {
  const v = headers['lock-token'];
  return (Array.isArray(v) ? v[0] : v)?.trim() || undefined;
}

async function creatorName(tx: ReadTx, userId: string): Promise<string> {
  return (await tx.userById(userId))?.fullname || userId;
}

/** Refuses (423) a write to an object someone else holds a lock on. */
export async function assertUnlocked(
  tx: ReadTx,
  content: ContentRecord,
  principal: Principal,
  token: string | undefined,
): Promise<void> {
  const lock = activeLock(await tx.lock(content.uid));
  if (lock && lockBlocks(lock, principal.id, token))
    throw lockedError(lock, await creatorName(tx, lock.creator));
}

/**
 * plone.restapi's lock info: `{locked, stealable}`, and with a lock its
 * creator, times, timeout and name. The token is shown to the lock's
 * creator only (it lets a write through; docs/history-and-locking.md).
 */
export async function lockInfo(
  tx: ReadTx,
  rec: ContentRecord,
  urls: SiteUrls,
  principal: Principal,
  bounds?: CacheBounds,
): Promise<Record<string, unknown>> {
  const lock = activeLock(await tx.lock(rec.uid));
  if (!lock) return { locked: false, stealable: true };
  // A cached serialization must not outlive the lock it shows.
  if (bounds) bounds.until = Math.min(bounds.until, lockExpires(lock));
  return describeLock(lock, await creatorName(tx, lock.creator), urls, principal);
}

export function describeLock(
  lock: LockRecord,
  name: string,
  urls: SiteUrls,
  principal: Principal,
): Record<string, unknown> {
  const ms = Date.parse(lock.created);
  const info: Record<string, unknown> = {
    created: `${new Date(ms).toISOString().slice(0, 19)}+00:00`,
    creator: lock.creator,
    creator_name: name,
    creator_url: `${urls.siteUrl}/author/${encodeURIComponent(lock.creator)}`,
    locked: true,
    // plone.locking keeps one lock type; non-stealable locks are a marker on it.
    name: 'plone.locking.stealable',
    stealable: lock.stealable,
    time: ms / 1000,
    timeout: lock.timeout,
  };
  if (principal.id !== null && principal.id === lock.creator) info.token = lock.token;
  return info;
}
