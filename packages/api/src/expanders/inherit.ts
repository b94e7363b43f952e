// @inherit: for each behavior named in `expand.inherit.behaviors`, the field
// values of the nearest object (the context itself or an ancestor) whose type
// has that behavior, and where they came from. Unknown behavior names and
// behaviors no ancestor has are left out. Without behaviors the component is
// empty, and it is not listed in @components.
// https://6.docs.plone.org/plone.restapi/docs/source/endpoints/inherit.html
import { type ContentRecord, can } from '@tessera/core';
import type { SerializeContext } from '../serializers/content.js';
import type { Expander } from './index.js';
import { isNavigationRoot, NAVROOT_BEHAVIOR } from './navroot.js';

const PARAM = 'expand.inherit.behaviors';

function behaviorNames(query: Record<string, unknown>): string[] {
  const raw = query[PARAM];
  const list = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]) as unknown[];
  return list
    .flatMap((v) => (typeof v === 'string' ? v.split(',') : []))
    .map((s) => s.trim())
    .filter(Boolean);
}

function componentUrl(ctx: SerializeContext, rec: ContentRecord, names: string[]) {
  return `${ctx.urls.url(rec.path)}/@inherit?${PARAM}=${names.join(',')}`;
}

/** The unexpanded entry in @components: only when behaviors are asked for. */
export function inheritLink(ctx: SerializeContext, rec: ContentRecord): unknown {
  const names = behaviorNames(ctx.query);
  return names.length ? { '@id': componentUrl(ctx, rec, names) } : undefined;
}

function provides(ctx: SerializeContext, rec: ContentRecord, behavior: string): boolean {
  // The site root is a navigation root by nature (Plone's site class provides it).
  if (behavior === NAVROOT_BEHAVIOR) return isNavigationRoot(ctx, rec);
  return ctx.site.types.get(rec.type)?.def.behaviors.includes(behavior) === true;
}

export const inherit: Expander = async (ctx, rec) => {
  const names = behaviorNames(ctx.query);
  if (names.length === 0) return { body: {}, deps: [], omit: true };
  const known = names.filter((n) => ctx.site.types.behaviors.has(n));
  // Nearest first: the context, its parent, … the site root.
  const chain = known.length ? [rec, ...(await ctx.tx.ancestors(rec.path)).reverse()] : [rec];
  const body: Record<string, unknown> = { '@id': componentUrl(ctx, rec, names) };
  for (const name of known) {
    // Objects the principal may not view are skipped.
    const from = chain.find((r) => provides(ctx, r, name) && can(ctx.principal, 'View', r));
    if (!from) continue;
    const fields = Object.keys(ctx.site.types.behaviors.get(name)!.fields);
    const info = ctx.site.types.get(from.type);
    const all = info
      ? info.serializeFields(from, {
          siteUrl: ctx.urls.siteUrl,
          url: ctx.urls.url(from.path),
          isRoot: from.parentUid === null,
        })
      : {};
    const data: Record<string, unknown> = {};
    for (const f of fields) if (f in all) data[f] = all[f];
    body[name] = { data, from: { '@id': ctx.urls.url(from.path), title: from.data.title ?? '' } };
  }
  return { body, deps: chain.map((r) => r.uid) };
};
