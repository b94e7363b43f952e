// @navigation: the site's top-level navigation tree (Home + root children),
// `expand.navigation.depth` levels deep.
import type { ContentRecord } from '@tessera/core';
import { listFilter } from '../access.js';
import type { SerializeContext } from '../serializers/content.js';
import type { Expander } from './index.js';

const MAX_DEPTH = 5;
const MAX_PER_LEVEL = 200;

function depthOf(query: Record<string, unknown>): number {
  const raw = query['expand.navigation.depth'];
  const n = Number(Array.isArray(raw) ? raw[0] : raw);
  return Number.isInteger(n) && n > 0 ? Math.min(n, MAX_DEPTH) : 1;
}

async function level(
  ctx: SerializeContext,
  parent: ContentRecord,
  depth: number,
  deps: string[],
): Promise<unknown[]> {
  const out = [];
  const filter = listFilter(ctx.principal, parent, ctx.cacheBounds);
  for (const child of await ctx.tx.children(parent.uid, { start: 0, limit: MAX_PER_LEVEL }, filter)) {
    deps.push(child.uid);
    if (child.data.exclude_from_nav === true) continue;
    const info = ctx.site.types.get(child.type);
    const item: Record<string, unknown> = {
      '@id': ctx.urls.url(child.path),
      description: child.data.description ?? '',
      items: depth > 1 && info?.def.folderish ? await level(ctx, child, depth - 1, deps) : [],
      review_state: child.data.review_state ?? null,
      title: child.data.title ?? '',
    };
    out.push(item);
  }
  return out;
}

export const navigation: Expander = async (ctx, rec) => {
  const root = await ctx.tx.byPath('');
  const deps: string[] = [];
  const items: unknown[] = [];
  if (root) {
    deps.push(root.uid);
    items.push({ '@id': ctx.urls.siteUrl, description: '', items: [], review_state: null, title: 'Home' });
    items.push(...(await level(ctx, root, depthOf(ctx.query), deps)));
  }
  return { body: { '@id': `${ctx.urls.url(rec.path)}/@navigation`, items }, deps };
};
