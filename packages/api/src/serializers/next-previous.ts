// `next_item` / `previous_item` of a content GET: the sibling after/before the
// object in its folder's order that the principal may View, when the folder
// has next/previous navigation on (plone.nextprevioustoggle's
// nextPreviousEnabled, or a type with plone.nextpreviousenabled). Plone skips
// only what may not be viewed (and non-content, which Tessera's folders never
// hold), not items excluded from navigation, and checks the View permission,
// not the publication window.
// https://6.docs.plone.org/plone.restapi/docs/source/usage/serialization.html (next/previous)
import { type ContentRecord, can } from '@tessera/core';
import type { SerializeContext } from './content.js';

/** Siblings read per step while looking for one the principal may see. */
const STEP = 20;

export interface NextPrevious {
  next_item: Record<string, unknown>;
  previous_item: Record<string, unknown>;
  /** The siblings shown (for the serialization cache; the folder is already a dependency). */
  deps: string[];
}

export function nextPreviousEnabled(ctx: SerializeContext, folder: ContentRecord): boolean {
  const behaviors = ctx.site.types.get(folder.type)?.def.behaviors ?? [];
  if (behaviors.includes('plone.nextpreviousenabled')) return true;
  return behaviors.includes('plone.nextprevioustoggle') && folder.data.nextPreviousEnabled === true;
}

export async function nextPrevious(
  ctx: SerializeContext,
  rec: ContentRecord,
  parent: ContentRecord | undefined,
): Promise<NextPrevious> {
  const none: NextPrevious = { next_item: {}, previous_item: {}, deps: [] };
  if (!parent || !nextPreviousEnabled(ctx, parent)) return none;
  const index = await indexOf(ctx, parent, rec);
  if (index === undefined) return none;
  const next = await scan(ctx, parent, index, 1);
  const previous = await scan(ctx, parent, index, -1);
  return {
    next_item: next ? summary(ctx, next) : {},
    previous_item: previous ? summary(ctx, previous) : {},
    deps: [next?.uid, previous?.uid].filter((u): u is string => u !== undefined),
  };
}

function summary(ctx: SerializeContext, rec: ContentRecord): Record<string, unknown> {
  return {
    '@id': ctx.urls.url(rec.path),
    '@type': rec.type,
    description: (rec.data.description as string | undefined) ?? '',
    title: (rec.data.title as string | undefined) ?? '',
  };
}

/**
 * The object's index among all its siblings (unfiltered: the order is the
 * folder's). Positions only grow on insert, so the index is at most the
 * position; without deletions it is the position itself (one read).
 */
async function indexOf(ctx: SerializeContext, parent: ContentRecord, rec: ContentRecord) {
  const at = async (i: number) => (await ctx.tx.children(parent.uid, { start: i, limit: 1 }))[0];
  const guess = await at(rec.position);
  if (guess?.uid === rec.uid) return rec.position;
  let lo = 0;
  let hi = guess ? rec.position - 1 : Math.min(rec.position, (await ctx.tx.countChildren(parent.uid)) - 1);
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const sib = await at(mid);
    if (!sib) hi = mid - 1;
    else if (sib.uid === rec.uid) return mid;
    else if (sib.position < rec.position) lo = mid + 1;
    else hi = mid - 1;
  }
  return undefined;
}

/** The first sibling the principal may View, walking from `index` in direction `dir`. */
async function scan(ctx: SerializeContext, parent: ContentRecord, index: number, dir: 1 | -1) {
  let from = index;
  for (;;) {
    const start = dir === 1 ? from + 1 : Math.max(0, from - STEP);
    const limit = dir === 1 ? STEP : from - start;
    if (limit <= 0) return undefined;
    const page = await ctx.tx.children(parent.uid, { start, limit });
    if (dir === -1) page.reverse();
    const found = page.find((s) => can(ctx.principal, 'View', s));
    if (found) return found;
    if (dir === 1 && page.length < limit) return undefined;
    from = dir === 1 ? from + limit : start;
  }
}
