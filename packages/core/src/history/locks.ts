// Edit locks as plone.locking has them: one per object, taken by a user,
// with a timeout; stealable (anyone who may edit can unlock it) unless taken
// as non-stealable. An expired lock is no lock at all.
// https://6.docs.plone.org/plone.restapi/docs/source/endpoints/locking.html
import { randomBytes } from 'node:crypto';
import { TesseraError } from '../errors.js';
import type { LockRecord } from '../ports/history.js';

/** When the lock lapses (ms since the epoch). */
export function lockExpires(lock: LockRecord): number {
  return Date.parse(lock.created) + lock.timeout * 1000;
}

/** The lock if it is still in force at `now`, else undefined. */
export function activeLock(lock: LockRecord | undefined, now = Date.now()): LockRecord | undefined {
  return lock && lockExpires(lock) > now ? lock : undefined;
}

/** A new lock token: opaque, unguessable. */
export function newLockToken(now = Date.now()): string {
  return `${randomBytes(16).toString('hex')}:${(now / 1000).toFixed(3)}`;
}

/**
 * Whether a write by `userId` must be refused. The request's lock token
 * (plone.restapi's `Lock-Token` header) decides when it sends one: the
 * lock's own token lets the write through, any other is refused (a stale
 * edit form). Without a token, only the lock's creator may write.
 */
export function lockBlocks(lock: LockRecord | undefined, userId: string | null, token: string | undefined) {
  if (!lock) return false;
  if (token) return token !== lock.token;
  return lock.creator !== userId;
}

/** The 423 a blocked write gets, naming who holds the lock. */
export function lockedError(lock: LockRecord, creatorName: string): TesseraError {
  return new TesseraError(
    'Locked',
    `This item is locked by ${creatorName} until ${new Date(lockExpires(lock)).toISOString()}; ask them to unlock it, or unlock it yourself if the lock is stealable.`,
    {
      extra: {
        lock: {
          creator: lock.creator,
          creator_name: creatorName,
          created: lock.created,
          timeout: lock.timeout,
        },
      },
    },
  );
}
