// @navroot: the navigation root of a context, serialized in full (without
// its items and @components), as plone.restapi does on a site without
// plone.app.multilingual. The root is the path the navigation panel's `root`
// setting names when it is not '/', else the nearest of the context and its
// ancestors whose type has the plone.navigationroot behavior, else the site.
// https://6.docs.plone.org/plone.restapi/docs/source/endpoints/navroot.html
import type { ContentRecord } from '@tessera/core';
import type { SerializeContext } from '../serializers/content.js';
import { serializeContent } from '../serializers/content.js';
import { siteSetting } from '../settings/index.js';
import type { Expander } from './index.js';

export const NAVROOT_BEHAVIOR = 'plone.navigationroot';

/** Whether an object is a navigation root: the site root, or of a type with the behavior. */
export function isNavigationRoot(ctx: Pick<SerializeContext, 'site'>, rec: ContentRecord): boolean {
  return (
    rec.parentUid === null || ctx.site.types.get(rec.type)?.def.behaviors.includes(NAVROOT_BEHAVIOR) === true
  );
}

export async function navigationRoot(ctx: SerializeContext, rec: ContentRecord): Promise<ContentRecord> {
  const configured = siteSetting(ctx.site, 'plone.root');
  if (typeof configured === 'string' && configured !== '/' && configured !== '') {
    const path = `/${configured.replace(/^\/+|\/+$/g, '')}`;
    const target = await ctx.tx.byPath(path);
    if (target) return target;
  }
  if (isNavigationRoot(ctx, rec)) return rec;
  // Most sites have no type with the behavior: then it is the site root, found without walking up.
  const anyType = ctx.site.types.all().some((t) => t.def.behaviors.includes(NAVROOT_BEHAVIOR));
  const chain = anyType ? await ctx.tx.ancestors(rec.path) : [];
  for (let i = chain.length - 1; i >= 0; i--) if (isNavigationRoot(ctx, chain[i]!)) return chain[i]!;
  return chain[0] ?? (await ctx.tx.byPath('')) ?? rec;
}

/**
 * What a body built from the navigation root depends on, for the shared
 * components cache: '' on the usual site with neither a `plone.root` setting
 * nor a type with the behavior (the root is the site's, no query needed),
 * else the root's path.
 */
export async function navigationRootKey(ctx: SerializeContext, rec: ContentRecord): Promise<string> {
  const configured = siteSetting(ctx.site, 'plone.root');
  const anyType = ctx.site.types.all().some((t) => t.def.behaviors.includes(NAVROOT_BEHAVIOR));
  if (!anyType && (typeof configured !== 'string' || configured === '/' || configured === '')) return '';
  return (await navigationRoot(ctx, rec)).path;
}

export const navroot: Expander = async (ctx, rec) => {
  const root = await navigationRoot(ctx, rec);
  const serialized = await serializeContent({ ...ctx, query: {}, rawQuery: '' }, root, {
    items: false,
    components: false,
  });
  return {
    body: { '@id': `${ctx.urls.url(rec.path)}/@navroot`, navroot: serialized.body },
    deps: [rec.uid, ...serialized.deps],
  };
};
