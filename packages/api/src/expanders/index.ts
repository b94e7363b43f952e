// @components expanders: each is a named provider that builds the expanded
// form of one component (the same body its @service returns).
import type { ContentRecord } from '@tessera/core';
import type { SerializeContext } from '../serializers/content.js';
import { actions } from './actions.js';
import { breadcrumbs } from './breadcrumbs.js';
import { contextnavigation } from './contextnavigation.js';
import { inherit, inheritLink } from './inherit.js';
import { navigation } from './navigation.js';
import { navroot } from './navroot.js';
import { translations, translationsLink } from './translations.js';
import { types } from './types.js';
import { workflow } from './workflow.js';

export interface Expanded {
  body: unknown;
  deps: string[];
  /** Leave the component out of @components (its service still answers `body`). */
  omit?: boolean;
}

export type Expander = (ctx: SerializeContext, rec: ContentRecord) => Promise<Expanded>;

const link =
  (name: string): Expander =>
  async (ctx, rec) => ({ body: { '@id': `${ctx.urls.url(rec.path)}/@${name}` }, deps: [] });

const EXPANDERS: Record<string, Expander> = {
  actions,
  aliases: link('aliases'),
  breadcrumbs,
  contextnavigation,
  inherit,
  navigation,
  navroot,
  translations,
  types,
  workflow,
};

export const COMPONENTS = Object.keys(EXPANDERS);

/** Unexpanded entries that are not a plain link; undefined leaves the component out. */
const LINKS: Record<string, (ctx: SerializeContext, rec: ContentRecord) => unknown> = {
  inherit: inheritLink,
  translations: translationsLink,
};

/** What @components lists for a component that is not expanded. */
export function componentLink(name: string, ctx: SerializeContext, rec: ContentRecord, url: string): unknown {
  const link = LINKS[name];
  return link ? link(ctx, rec) : { '@id': `${url}/@${name}` };
}

export function expand(
  name: string,
  ctx: SerializeContext,
  rec: ContentRecord,
): Promise<Expanded> | undefined {
  return EXPANDERS[name]?.(ctx, rec);
}
