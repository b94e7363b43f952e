// Shared by @search and @querystring-search: run a CatalogQuery for the
// requesting principal and answer plone.restapi's result shape — one page of
// summaries (or full objects), items_total and batching links.
import type { CatalogQuery, ContentRecord, Principal, ReadTx } from '@tessera/core';
import { type CacheBounds, listFilter } from '../../access.js';
import { type Batch, batchingLinks } from '../../serializers/batching.js';
import { summarizeBrain } from '../../serializers/brain.js';
import { serializeContent } from '../../serializers/content.js';
import type { Site } from '../../site.js';
import type { SiteUrls } from '../../traversal.js';
import { rawQueryOf } from '../content/serialize.js';
import type { ServiceContext } from '../registry.js';

/** Where a query runs and for whom: a service's context, or a Collection being serialized. */
export interface QueryScope {
  site: Site;
  tx: ReadTx;
  urls: SiteUrls;
  principal: Principal;
  /** The context object (default path, the listing filter's container). */
  content: ContentRecord;
  cacheBounds?: CacheBounds;
  /** The request's query string (kept in batching links). */
  rawQuery: string;
}

export const scopeOf = (ctx: ServiceContext): QueryScope => ({ ...ctx, rawQuery: rawQueryOf(ctx) });

/** A yes/no request parameter (query string or JSON body): true, 1, "1", "true", "yes", "on". */
export function isTrue(v: unknown): boolean {
  const s = Array.isArray(v) ? v[v.length - 1] : v;
  return s === true || s === 1 || (typeof s === 'string' && /^(1|true|yes|on)$/i.test(s));
}

/** Query parameters left out of a result set's `@id` (they choose a page or an order, not the set). */
const NOT_IN_ID = new Set(['b_start', 'b_size', 'sort_on', 'sort_order', 'sort_limit']);

export interface ResultOptions {
  batch: Batch;
  metadataFields: string[];
  fullobjects: boolean;
  /** The service's URL (without query string). */
  selfUrl: string;
}

/** The site-relative path of a path a client sent: the site's physical prefix (mount) dropped. */
export function sitePathOf(ctx: { site: Site }, raw: string): string {
  let p = raw.trim().replace(/\/+$/, '');
  if (p && !p.startsWith('/')) p = `/${p}`;
  const mount = ctx.site.mount.length ? `/${ctx.site.mount.join('/')}` : '';
  if (mount && (p === mount || p.startsWith(`${mount}/`))) p = p.slice(mount.length);
  return p;
}

export async function answerQuery(ctx: QueryScope, q: CatalogQuery, opts: ResultOptions) {
  const filter = listFilter(ctx.principal, ctx.content, ctx.cacheBounds);
  const { total, brains } = await ctx.tx.search(q, {
    filter,
    page: { start: opts.batch.start, size: opts.batch.size },
  });
  const items: unknown[] = [];
  for (const brain of brains) {
    if (opts.fullobjects) {
      const rec = await ctx.tx.byUid(brain.uid);
      if (!rec) continue;
      const full = await serializeContent(
        {
          site: ctx.site,
          tx: ctx.tx,
          urls: ctx.urls,
          principal: ctx.principal,
          query: {},
          rawQuery: '',
          cacheBounds: ctx.cacheBounds,
        },
        rec,
        { items: false },
      );
      items.push(full.body);
    } else items.push(summarizeBrain(brain, ctx.site, ctx.urls, opts.metadataFields));
  }
  const raw = ctx.rawQuery;
  const params = new URLSearchParams(raw);
  for (const key of [...params.keys()]) if (NOT_IN_ID.has(key)) params.delete(key);
  const idQuery = params.toString();
  const body: Record<string, unknown> = {
    '@id': idQuery ? `${opts.selfUrl}?${idQuery}` : opts.selfUrl,
    items,
    items_total: total,
  };
  const links = batchingLinks(opts.selfUrl, raw, opts.batch, total);
  if (links) body.batching = links;
  return body;
}
