// @querystring-search: the query format of Collections and listing blocks
// (rows of {i, o, v}) with sorting, limit and batching. POST with a JSON
// body, or GET with that body JSON-encoded in `?query=` (cacheable
// listings). No result cap beyond an explicit `limit`.
// https://6.docs.plone.org/plone.restapi/docs/source/endpoints/querystringsearch.html
import { badRequest, type CatalogQuery, querystringCriteria, sortKeys } from '@tessera/core';
import { readBatch } from '../../serializers/batching.js';
import { metadataFieldsFrom } from '../../serializers/summary.js';
import type { ServiceContext, ServiceRegistry } from '../registry.js';
import { answerQuery, isTrue, type QueryScope, scopeOf, sitePathOf } from './results.js';

const KNOWN = new Set([
  'query',
  'sort_on',
  'sort_order',
  'sort_order_boolean',
  'b_start',
  'b_size',
  'limit',
  'fullobjects',
  'metadata_fields',
]);

/** The request's parameters: the POST body, or the JSON in GET's `?query=` plus plain parameters. */
function paramsOf(ctx: ServiceContext): Record<string, unknown> {
  if (ctx.req.method !== 'GET') {
    const body = ctx.body;
    if (!body || typeof body !== 'object' || Array.isArray(body))
      throw badRequest('The request body must be a JSON object.');
    return body as Record<string, unknown>;
  }
  const { query, ...rest } = ctx.query;
  if (typeof query !== 'string')
    throw badRequest('GET @querystring-search takes the query as JSON in ?query=.');
  let parsed: unknown;
  try {
    parsed = JSON.parse(query);
  } catch {
    throw badRequest('?query= is not valid JSON.');
  }
  if (Array.isArray(parsed)) return { ...rest, query: parsed };
  if (parsed && typeof parsed === 'object') return { ...rest, ...(parsed as object) };
  throw badRequest('?query= must hold a JSON object or a list of query rows.');
}

const asString = (v: unknown, name: string): string | undefined => {
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v === 'number') return String(v);
  if (typeof v !== 'string') throw badRequest(`"${name}" must be a string.`);
  return v;
};

/** The body of a Collection or a listing block as a CatalogQuery, run in the context `ctx.content`. */
export async function querystringQuery(
  ctx: QueryScope,
  params: Record<string, unknown>,
): Promise<CatalogQuery> {
  const criteria = await querystringCriteria(params.query ?? [], {
    contextPath: ctx.content.path,
    userId: ctx.principal.id,
    now: new Date(),
    resolvePath: async (p) => {
      if (/^[0-9a-f]{32}$/i.test(p)) return (await ctx.tx.byUid(p))?.path;
      return sitePathOf(ctx, p);
    },
  });
  const sortOn = asString(params.sort_on, 'sort_on');
  let order = asString(params.sort_order, 'sort_order') ?? 'ascending';
  if (params.sort_order_boolean !== undefined && params.sort_order === undefined)
    order = isTrue(params.sort_order_boolean) ? 'descending' : 'ascending';
  const sort = sortKeys(sortOn ? [sortOn] : [], [order]);
  let limit: number | undefined;
  if (params.limit !== undefined && params.limit !== null && params.limit !== '') {
    limit = Number(params.limit);
    if (!Number.isInteger(limit) || limit < 0) throw badRequest('"limit" must be a non-negative integer.');
    if (limit === 0) limit = undefined; // Volto sends 0 for "no limit".
  }
  return { criteria, sort, limit };
}

export function registerQuerystringSearch(services: ServiceRegistry) {
  for (const method of ['GET', 'POST'] as const)
    services.add({
      method,
      name: '@querystring-search',
      permission: 'View',
      // POST only reads: it carries the query in its body.
      writes: false,
      async handler(ctx) {
        const params = paramsOf(ctx);
        const unknown = Object.keys(params).filter((k) => !KNOWN.has(k));
        if (unknown.length) throw badRequest(`Unknown parameters: ${unknown.join(', ')}.`);
        const q = await querystringQuery(scopeOf(ctx), params);
        const str = (v: unknown) => (v === undefined ? undefined : String(v));
        const batch = readBatch(
          { b_start: str(params.b_start), b_size: str(params.b_size) },
          { size: ctx.site.config.defaultBatchSize, max: ctx.site.config.maxBatchSize },
        );
        const fields = params.metadata_fields;
        const metadataFields = (Array.isArray(fields) ? fields : fields === undefined ? [] : [fields]).filter(
          (f): f is string => typeof f === 'string',
        );
        const body = await answerQuery(scopeOf(ctx), q, {
          batch,
          metadataFields: metadataFieldsFrom({ metadata_fields: metadataFields }),
          fullobjects: isTrue(params.fullobjects),
          selfUrl: `${ctx.urls.url(ctx.content.path)}/@querystring-search`,
        });
        return { status: 200, body };
      },
    });
}
