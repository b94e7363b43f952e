// GET @linkintegrity?uids=…: before deleting items, what would break — for
// each item, the objects outside the deleted set that link to it or to
// anything below it (relation fields, links in text and blocks), and how
// many items lie below it. Deleting is not blocked: the client asks first.
// Breaches the user may not see are not listed, only counted
// (`hidden_breaches`, present when non-zero): docs/links-and-relations.md.
// https://6.docs.plone.org/plone.restapi/docs/source/endpoints/linkintegrity.html
import { badRequest, type ContentRecord, can } from '@tessera/core';
import type { ServiceRegistry } from '../registry.js';
import { RecordCache, viewFilter } from '../relations/refs.js';

/** Most items one request asks about. */
export const MAX_UIDS = 500;

function uidsOf(v: string | string[] | undefined): string[] {
  const list = (Array.isArray(v) ? v : v === undefined ? [] : [v]).flatMap((s) => s.split(','));
  return [...new Set(list.map((s) => s.trim()).filter(Boolean))];
}

export function registerLinkIntegrity(services: ServiceRegistry) {
  services.add({
    method: 'GET',
    name: '@linkintegrity',
    permission: 'View',
    async handler(ctx) {
      const uids = uidsOf(ctx.query.uids);
      if (!uids.length) throw badRequest('Missing parameter "uids": the UIDs of the items to delete.');
      if (uids.length > MAX_UIDS) throw badRequest(`At most ${MAX_UIDS} uids per request.`);
      const items: ContentRecord[] = [];
      for (const uid of uids) {
        const rec = /^[\w-]{1,36}$/.test(uid) ? await ctx.tx.byUid(uid) : undefined;
        // An item the user may not see is reported as unknown, not as forbidden.
        if (!rec || !can(ctx.principal, 'View', rec)) throw badRequest(`No item with the UID ${uid}.`);
        items.push(rec);
      }
      // Links from an item that is deleted too are no breach: exclude every asked-for subtree.
      const paths = items.map((r) => r.path);
      const incoming = await ctx.tx.incomingLinks(paths);
      const records = new RecordCache(ctx.tx);
      const filter = viewFilter(ctx.principal);
      const body = [];
      for (const rec of items) {
        const inside = (p: string) => p === rec.path || p.startsWith(`${rec.path}/`);
        const breaches: Array<Record<string, unknown>> = [];
        const hidden = new Set<string>();
        const listed = new Set<string>();
        for (const link of incoming) {
          if (!inside(link.targetPath) || listed.has(link.source) || hidden.has(link.source)) continue;
          const source = await records.get(link.source);
          if (!source) continue;
          if (!can(ctx.principal, 'View', source)) {
            hidden.add(link.source);
            continue;
          }
          listed.add(link.source);
          breaches.push({
            '@id': ctx.urls.url(source.path),
            title: source.data.title ?? '',
            uid: source.uid,
          });
        }
        breaches.sort((a, b) => String(a['@id']).localeCompare(String(b['@id'])));
        const below = await ctx.tx.search(
          { criteria: [{ kind: 'path', paths: [rec.path], depth: -1 }], sort: [] },
          { filter, page: { start: 0, size: 1 } },
        );
        const info = ctx.site.types.get(rec.type);
        const entry: Record<string, unknown> = {
          '@id': ctx.urls.url(rec.path),
          '@type': rec.type,
          breaches,
          description: rec.data.description ?? '',
          items_total: Math.max(0, below.total - 1),
          review_state: rec.data.review_state ?? null,
          title: rec.data.title ?? '',
          type_title: info?.def.title ?? rec.type,
        };
        if (hidden.size) entry.hidden_breaches = hidden.size;
        body.push(entry);
      }
      return { body };
    },
  });
}
