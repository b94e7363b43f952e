// The `working_copy` / `working_copy_of` keys of a serialized object, and the
// iterate lock a checked-out baseline shows, as plone.restapi returns them
// (plone.app.iterate locks the baseline while a working copy exists).
// https://6.docs.plone.org/plone.restapi/docs/source/endpoints/workingcopy.html
import { type CheckoutInfo, type ContentRecord, can, type ReadTx, workingCopyPair } from '@tessera/core';
import type { SiteUrls } from '../traversal.js';

/** Plone's lock timeout for a lock that never expires (iterate's). */
const MAX_TIMEOUT = 4294967280;
/** The name plone.app.iterate gives its lock. */
const ITERATE_LOCK = 'iterate.lock';

interface WorkingCopyCtx {
  tx: ReadTx;
  urls: SiteUrls;
  principal: Parameters<typeof can>[0];
}

export interface WorkingCopyKeys {
  working_copy: Record<string, unknown> | null;
  working_copy_of: Record<string, unknown> | null;
  /** Set on a checked-out baseline: the lock to show instead of "unlocked". */
  lock?: Record<string, unknown>;
  /** The other object of the pair, which the body shows too. */
  deps: string[];
}

async function creatorName(tx: ReadTx, id: string): Promise<string> {
  const user = await tx.userById(id);
  return user?.fullname || id;
}

export async function workingCopyKeys(ctx: WorkingCopyCtx, rec: ContentRecord): Promise<WorkingCopyKeys> {
  const pair = await workingCopyPair(ctx.tx, rec);
  if (!pair) return { working_copy: null, working_copy_of: null, deps: [] };
  const { baseline, wc, checkout } = pair;
  const isBaseline = baseline.uid === rec.uid;
  // A private draft's URL and title are for those who may see it.
  const wcVisible = !isBaseline || can(ctx.principal, 'View', wc);
  const working_copy = wcVisible
    ? {
        '@id': ctx.urls.url(wc.path),
        created: checkout.created,
        creator_name: await creatorName(ctx.tx, checkout.creator),
        creator_url: `${ctx.urls.siteUrl}/author/${checkout.creator}`,
        title: (wc.data.title as string | undefined) ?? '',
      }
    : null;
  const working_copy_of = isBaseline
    ? null
    : { '@id': ctx.urls.url(baseline.path), title: (baseline.data.title as string | undefined) ?? '' };
  return {
    working_copy,
    working_copy_of,
    lock: isBaseline ? await iterateLock(ctx, baseline, checkout) : undefined,
    deps: [isBaseline ? wc.uid : baseline.uid],
  };
}

/** The lock plone.app.iterate holds on a checked-out baseline: never stealable, never expiring. */
async function iterateLock(ctx: WorkingCopyCtx, baseline: ContentRecord, checkout: CheckoutInfo) {
  const ms = Date.parse(checkout.created);
  return {
    created: checkout.created,
    creator: checkout.creator,
    creator_name: await creatorName(ctx.tx, checkout.creator),
    creator_url: `${ctx.urls.siteUrl}/author/${checkout.creator}`,
    locked: true,
    name: ITERATE_LOCK,
    stealable: false,
    time: Number.isNaN(ms) ? 0 : ms / 1000,
    timeout: MAX_TIMEOUT,
    token: `iterate-${baseline.uid}-${checkout.uid}`,
  };
}
