// @translations as a component: the object's translations (@id + language)
// and, under `root`, the language root folders by language, as plone.restapi
// answers on a site with plone.app.multilingual. Only multilingual sites list
// it, and not on the site root (which is not translatable). Outside a
// language root there are no items, only the link (plone.restapi bails out
// the same way).
// https://6.docs.plone.org/plone.restapi/docs/source/endpoints/translations.html
import type { ContentRecord } from '@tessera/core';
import { isMultilingual } from '../multilingual/languages.js';
import { languageOf, visibleTranslations } from '../multilingual/translations.js';
import { LRF } from '../multilingual/types.js';
import type { SerializeContext } from '../serializers/content.js';
import type { Expander } from './index.js';

/** Whether the object has translations to show: a multilingual site, not its root. */
export function translatable(ctx: Pick<SerializeContext, 'site'>, rec: ContentRecord): boolean {
  return rec.parentUid !== null && isMultilingual(ctx.site);
}

export function translationsLink(ctx: SerializeContext, rec: ContentRecord): unknown {
  return translatable(ctx, rec) ? { '@id': `${ctx.urls.url(rec.path)}/@translations` } : undefined;
}

/** The language root folder the object is in (or is), if any. */
async function languageRoot(ctx: SerializeContext, rec: ContentRecord): Promise<ContentRecord | undefined> {
  if (rec.type === LRF) return rec;
  const chain = await ctx.tx.ancestors(rec.path);
  for (let i = chain.length - 1; i >= 0; i--) if (chain[i]!.type === LRF) return chain[i];
  return undefined;
}

export async function translationsBody(
  ctx: SerializeContext,
  rec: ContentRecord,
): Promise<{ body: Record<string, unknown>; deps: string[] }> {
  const body: Record<string, unknown> = { '@id': `${ctx.urls.url(rec.path)}/@translations` };
  const deps = [rec.uid];
  const lrf = await languageRoot(ctx, rec);
  if (!lrf) return { body, deps };
  const items = await visibleTranslations(ctx.tx, rec, ctx.principal);
  body.items = items.shown.map((m) => ({ '@id': ctx.urls.url(m.path), language: languageOf(m) }));
  const roots = await visibleTranslations(ctx.tx, lrf, ctx.principal, true);
  body.root = Object.fromEntries(roots.shown.map((r) => [languageOf(r), ctx.urls.url(r.path)]));
  deps.push(...items.uids, ...roots.uids);
  return { body, deps };
}

export const translations: Expander = async (ctx, rec) => {
  if (!translatable(ctx, rec)) return { body: {}, deps: [], omit: true };
  return translationsBody(ctx, rec);
};
