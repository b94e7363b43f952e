// GET @search: catalog queries in plone.restapi's query-string syntax.
// https://6.docs.plone.org/plone.restapi/docs/source/endpoints/searching.html
import { type CatalogQuery, parseSearchParams } from '@tessera/core';
import { readBatch } from '../../serializers/batching.js';
import { wantsFullObjects } from '../../serializers/content.js';
import { metadataFieldsFrom } from '../../serializers/summary.js';
import { siteSetting } from '../../settings/index.js';
import { asksForComments, searchComments } from '../comments/search.js';
import type { ServiceContext, ServiceRegistry } from '../registry.js';
import { answerQuery, isTrue, scopeOf, sitePathOf } from './results.js';

/**
 * use_site_search_settings: what the search control panel says — types not
 * searched left out (unless the query names types), its default order.
 */
function applySiteSettings(ctx: ServiceContext, q: CatalogQuery) {
  const hidden = siteSetting<string[]>(ctx.site, 'plone.types_not_searched') ?? [];
  if (hidden.length && !q.criteria.some((c) => c.kind === 'field' && c.index === 'portal_type'))
    q.criteria.push({ kind: 'field', index: 'portal_type', values: hidden, not: true });
  if (q.sort.length === 0) {
    const order = siteSetting<string>(ctx.site, 'plone.sort_on');
    if (order === 'Date') q.sort.push({ index: 'effective', descending: true });
    else if (order === 'sortable_title') q.sort.push({ index: 'sortable_title', descending: false });
  }
}

export function registerSearch(services: ServiceRegistry) {
  services.add({
    method: 'GET',
    name: '@search',
    permission: 'View',
    async handler(ctx) {
      const q = parseSearchParams(ctx.query, {
        contextPath: ctx.content.path,
        sitePath: (p) => sitePathOf(ctx, p),
      });
      if (isTrue(ctx.query.use_site_search_settings)) applySiteSettings(ctx, q);
      const batch = readBatch(ctx.query, {
        size: ctx.site.config.defaultBatchSize,
        max: ctx.site.config.maxBatchSize,
      });
      const selfUrl = `${ctx.urls.url(ctx.content.path)}/@search`;
      const fullobjects = wantsFullObjects(ctx.query.fullobjects);
      // Comments are not catalogued: Volto's moderation panel asks for them alone (comments/search.ts).
      if (asksForComments(q))
        return { status: 200, body: await searchComments(ctx, q, { batch, fullobjects, selfUrl }) };
      const body = await answerQuery(scopeOf(ctx), q, {
        batch,
        metadataFields: metadataFieldsFrom(ctx.query),
        fullobjects,
        selfUrl,
      });
      return { status: 200, body };
    },
  });
}
