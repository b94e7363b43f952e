// GET @querystring: the query builder's configuration as Volto's query
// widget reads it — each index with its operations (from the registry's
// plone.app.querystring.field.* records, editable like any record), the
// operators' titles and widgets, and the values of small vocabularies.
// https://6.docs.plone.org/plone.restapi/docs/source/endpoints/querystring.html
import { OPERATIONS, querystringRecords, WORKFLOWS } from '@tessera/core';
import { siteSetting } from '../../settings/index.js';
import type { ServiceContext, ServiceRegistry } from '../registry.js';

const FIELD = /^plone\.app\.querystring\.field\.([^.]+)\.operations$/;
const OP_PREFIX = 'plone.app.querystring.operation.';

function recordValue(ctx: ServiceContext, name: string, initial: unknown): unknown {
  return siteSetting(ctx.site, name) ?? initial;
}

/** Terms of the vocabularies small enough to list inline (the others are fetched by the widget). */
function valuesOf(ctx: ServiceContext, index: string): Record<string, { title: string }> {
  const out: Record<string, { title: string }> = {};
  if (index === 'portal_type')
    for (const info of ctx.site.types.all()) out[info.def.id] = { title: info.def.title };
  if (index === 'review_state')
    for (const wf of Object.values(WORKFLOWS))
      for (const [id, state] of Object.entries(wf.states)) out[id] = { title: `${state.title} [${id}]` };
  return out;
}

export function registerQuerystring(services: ServiceRegistry) {
  services.add({
    method: 'GET',
    name: '@querystring',
    permission: 'View',
    async handler(ctx) {
      const records = new Map(querystringRecords().map((r) => [r.name, r.initial]));
      const indexes: Record<string, unknown> = {};
      const sortable: Record<string, unknown> = {};
      for (const name of records.keys()) {
        const m = FIELD.exec(name);
        if (!m) continue;
        const index = m[1]!;
        const get = (key: string) => {
          const rec = `plone.app.querystring.field.${index}.${key}`;
          return recordValue(ctx, rec, records.get(rec));
        };
        const operations = (get('operations') as string[] | null) ?? [];
        const operators: Record<string, unknown> = {};
        for (const op of operations) {
          const info = OPERATIONS[op.startsWith(OP_PREFIX) ? op.slice(OP_PREFIX.length) : op];
          if (info)
            operators[op] = {
              description: info.description,
              operation: `plone.app.querystring.queryparser._${info.parser}`,
              title: info.title,
              widget: info.widget,
            };
        }
        const entry = {
          description: get('description'),
          enabled: get('enabled'),
          fetch_vocabulary: get('fetch_vocabulary'),
          group: get('group'),
          operations,
          operators,
          sortable: get('sortable'),
          title: get('title'),
          values: valuesOf(ctx, index),
          vocabulary: get('vocabulary'),
        };
        indexes[index] = entry;
        if (entry.sortable) sortable[index] = entry;
      }
      return {
        status: 200,
        body: {
          '@id': `${ctx.urls.url(ctx.content.path)}/@querystring`,
          indexes,
          sortable_indexes: sortable,
        },
      };
    },
  });
}
