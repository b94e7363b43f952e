// A Collection's items: its saved query (plone.collection's query, sort_on,
// sort_reversed, limit) run through the catalog like @querystring-search,
// batched like a folder's items.
import type { ContentRecord } from '@tessera/core';
import { querystringQuery } from '../services/search/querystring-search.js';
import { answerQuery, type QueryScope } from '../services/search/results.js';
import { readBatch } from './batching.js';
import type { SerializeContext } from './content.js';
import { metadataFieldsFrom } from './summary.js';

export const isCollection = (rec: ContentRecord) => Array.isArray(rec.data.query);

export async function collectionItems(ctx: SerializeContext, rec: ContentRecord, fullobjects: boolean) {
  const scope: QueryScope = { ...ctx, content: rec };
  const d = rec.data;
  const q = await querystringQuery(scope, {
    query: d.query,
    sort_on: d.sort_on ?? undefined,
    sort_order: d.sort_reversed === true ? 'descending' : 'ascending',
    limit: d.limit ?? undefined,
  });
  const batch = readBatch(ctx.query, {
    size: ctx.site.config.defaultBatchSize,
    max: ctx.site.config.maxBatchSize,
  });
  const body = await answerQuery(scope, q, {
    batch,
    metadataFields: metadataFieldsFrom(ctx.query),
    fullobjects,
    selfUrl: ctx.urls.url(rec.path),
  });
  return body as { items: unknown[]; items_total: number; batching?: unknown };
}
