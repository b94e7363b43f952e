// Comments in @search. Comments are not catalogued (decision 0034): a search
// for portal_type "Discussion Item" alone — what Volto's moderation panel
// sends — is answered from the comments table instead, with the same
// security as the catalog (the item's view tokens and publication window)
// plus the comment's state (non-published ones for moderators and their
// authors). Every other search leaves comments out, so they never reach
// listings, collections or navigation.
import {
  type CatalogQuery,
  type CommentRecord,
  type CommentState,
  type ContentRecord,
  hasPermission,
  principalTokens,
  SYSTEM,
} from '@tessera/core';
import { listFilter } from '../../access.js';
import { type Batch, batchingLinks } from '../../serializers/batching.js';
import { discussionSettings } from '../../settings/discussion.js';
import { rawQueryOf } from '../content/serialize.js';
import type { ServiceContext } from '../registry.js';
import { AuthorImages, commentJson, commentsUrl } from './serialize.js';

const STATES = new Set<string>(['pending', 'published', 'rejected', 'spam']);

/** Whether a query asks for comments and nothing else. */
export function asksForComments(q: CatalogQuery): boolean {
  const types = q.criteria.filter((c) => c.kind === 'field' && c.index === 'portal_type' && !c.not);
  return (
    types.length === 1 &&
    types[0]!.kind === 'field' &&
    types[0]!.values.length === 1 &&
    types[0]!.values[0] === 'Discussion Item'
  );
}

/** One page of comments for the query: brains, or with `fullobjects` the comments as @comments serializes them. */
export async function searchComments(
  ctx: ServiceContext,
  q: CatalogQuery,
  opts: { batch: Batch; fullobjects: boolean; selfUrl: string },
) {
  let states: CommentState[] | undefined;
  let under: string | undefined;
  for (const c of q.criteria) {
    if (c.kind === 'field' && c.index === 'review_state') {
      const asked = c.values.map(String).filter((v) => STATES.has(v)) as CommentState[];
      states = c.not
        ? ([...STATES].filter((s) => !asked.includes(s as CommentState)) as CommentState[])
        : asked;
    } else if (c.kind === 'path' && c.paths.length === 1) under = c.paths[0];
  }
  const sort = q.sort[0];
  // The system principal itself (never a user who picked the name "system").
  const system = ctx.principal === SYSTEM;
  const filter = listFilter(ctx.principal, ctx.content, ctx.cacheBounds);
  const { items, total } = await ctx.tx.comments.query({
    tokens: system ? null : principalTokens(ctx.principal),
    activeAt: system ? null : filter.activeAt,
    states,
    allStates: hasPermission(ctx.principal, 'Review comments'),
    author: ctx.principal.id,
    under: under || undefined,
    order: sort && !sort.descending ? 'asc' : 'desc',
    start: opts.batch.start,
    limit: opts.batch.size,
  });
  const scope = { ...ctx, settings: discussionSettings(ctx.site) };
  const images = new AuthorImages(scope);
  const out = [];
  // The items the page's comments are on, each read once.
  const byItem = new Map<string, { item: ContentRecord | undefined; all: CommentRecord[] }>();
  for (const c of items) {
    let entry = byItem.get(c.uid);
    if (!entry) {
      const item = await ctx.tx.byUid(c.uid);
      entry = { item, all: item ? await ctx.tx.comments.list(c.uid) : [] };
      byItem.set(c.uid, entry);
    }
    const { item, all } = entry;
    if (!item) continue;
    if (opts.fullobjects) {
      out.push({ ...(await commentJson(scope, item, c, all, images)), review_state: c.state });
      continue;
    }
    const title = (item.data.title as string | undefined) ?? item.id;
    out.push({
      '@id': `${commentsUrl(ctx.urls, item)}/${c.commentId}`,
      '@type': 'Discussion Item',
      title: `${c.authorName || 'Anonymous'} on ${title}`,
      description: c.text.length > 200 ? `${c.text.slice(0, 200)}…` : c.text,
      review_state: c.state,
      type_title: 'Comment',
    });
  }
  const batching = batchingLinks(opts.selfUrl, rawQueryOf(ctx), opts.batch, total);
  return { '@id': opts.selfUrl, items: out, items_total: total, ...(batching ? { batching } : {}) };
}
