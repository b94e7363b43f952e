// @navigation: the site's top-level navigation tree (Home + root children),
// `expand.navigation.depth` levels deep, filtered as plone.restapi does with
// the navigation panel's settings: displayed types, folders only unless
// nonfolderish_tabs, workflow states when filter_on_workflow, no items
// excluded from navigation, no default pages, no tabs unless generate_tabs.
// Everything it reads is page-independent, so the body is shared between
// pages (decision 0014); settings changes drop the shared entries.
// https://6.docs.plone.org/plone.restapi/docs/source/endpoints/navigation.html
import type { ContentRecord } from '@tessera/core';
import { listFilter } from '../access.js';
import type { SerializeContext } from '../serializers/content.js';
import type { Expander } from './index.js';
import {
  defaultPageId,
  isFolderish,
  listable,
  mayHoldDefaultPage,
  type NavSettings,
  navSettings,
} from './nav-common.js';
import { navigationRoot } from './navroot.js';

const MAX_DEPTH = 5;
const MAX_PER_LEVEL = 200;

function depthOf(query: Record<string, unknown>): number {
  const raw = query['expand.navigation.depth'];
  const n = Number(Array.isArray(raw) ? raw[0] : raw);
  return Number.isInteger(n) && n > 0 ? Math.min(n, MAX_DEPTH) : 1;
}

const SORT_KEYS: Record<string, (r: ContentRecord) => string> = {
  sortable_title: (r) => String(r.data.title ?? '').toLowerCase(),
  getId: (r) => r.id,
};

async function level(
  ctx: SerializeContext,
  parent: ContentRecord,
  depth: number,
  deps: string[],
  settings: NavSettings,
  top: boolean,
): Promise<unknown[]> {
  const out = [];
  const filter = listFilter(ctx.principal, parent, ctx.cacheBounds);
  let children = await ctx.tx.children(parent.uid, { start: 0, limit: MAX_PER_LEVEL }, filter);
  for (const child of children) deps.push(child.uid);
  const ids = new Set(children.map((c) => c.id));
  const defaultPage = mayHoldDefaultPage(ctx.site, parent, ids)
    ? await defaultPageId(ctx.site, ctx.tx, parent, ids)
    : null;
  children = children.filter(
    (c) =>
      c.id !== defaultPage &&
      c.data.exclude_from_nav !== true &&
      listable(settings, c) &&
      (settings.nonfolderishTabs || isFolderish(ctx.site, c)),
  );
  // The tabs follow the panel's sort; deeper levels keep the folder order (as plone.restapi).
  const key = top ? SORT_KEYS[settings.sortTabsOn] : undefined;
  if (key) children.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  if (top && settings.sortTabsReversed) children.reverse();
  for (const child of children) {
    // plone.restapi adds use_view_action_in_listings below the tabs; left out
    // until contract/exchanges/components/08_navigation_get_depth is re-recorded.
    const item: Record<string, unknown> = {
      '@id': ctx.urls.url(child.path),
      description: child.data.description ?? '',
      items:
        depth > 1 && isFolderish(ctx.site, child)
          ? await level(ctx, child, depth - 1, deps, settings, false)
          : [],
      review_state: child.data.review_state ?? null,
      title: (child.data.title as string | undefined) || (top ? child.id : ''),
    };
    out.push(item);
  }
  return out;
}

export const navigation: Expander = async (ctx, rec) => {
  // The tabs are the navigation root's children (a language root folder's on
  // a multilingual site), as plone.restapi builds them; 'Home' is that root.
  const root = await navigationRoot(ctx, rec);
  const deps: string[] = [];
  const items: unknown[] = [];
  deps.push(root.uid);
  const settings = navSettings(ctx.site);
  const home = root.parentUid === null ? ctx.urls.siteUrl : ctx.urls.url(root.path);
  items.push({ '@id': home, description: '', items: [], review_state: null, title: 'Home' });
  if (settings.generateTabs)
    items.push(...(await level(ctx, root, depthOf(ctx.query), deps, settings, true)));
  return { body: { '@id': `${ctx.urls.url(rec.path)}/@navigation`, items }, deps };
};
