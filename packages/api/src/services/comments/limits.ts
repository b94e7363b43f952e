// Bounds on what commenters can make the site store: a conversation holds at
// most MAX_COMMENTS_PER_ITEM comments (each GET reads an item's whole
// conversation), and anonymous commenters — when the panel lets them in —
// are throttled per client address and site-wide, like the contact form.
import { TesseraError } from '@tessera/core';
import { Throttle } from '../../auth/throttle.js';
import type { Site } from '../../site.js';
import type { ServiceContext } from '../registry.js';

export const MAX_COMMENTS_PER_ITEM = 5_000;

/** Anonymous comments per client address and per site, per hour. */
export const ANONYMOUS_LIMITS = { perAddress: 20, perSite: 500 };

const throttles = new WeakMap<Site, Throttle>();

function anonymousThrottle(site: Site): Throttle {
  let t = throttles.get(site);
  if (!t) {
    t = new Throttle(
      { account: ANONYMOUS_LIMITS.perSite, address: ANONYMOUS_LIMITS.perAddress, windowMs: 3_600_000 },
      'anonymous comments',
    );
    throttles.set(site, t);
  }
  return t;
}

/** 429 once anonymous visitors (from this address, or all together) have posted their share this hour. */
export function throttleAnonymous(ctx: ServiceContext) {
  const address = ctx.site.auth.clientAddress({ headers: ctx.req.headers, address: ctx.req.ip });
  const t = anonymousThrottle(ctx.site);
  t.check('site', address);
  t.hit('site', address);
}

export function assertRoomFor(existing: number) {
  if (existing >= MAX_COMMENTS_PER_ITEM)
    throw new TesseraError(
      'Conflict',
      `This conversation is full: an item takes at most ${MAX_COMMENTS_PER_ITEM} comments.`,
    );
}
