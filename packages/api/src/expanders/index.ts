// @components expanders: each is a named provider that builds the expanded
// form of one component (the same body its @service returns).
import type { ContentRecord } from '@tessera/core';
import type { SerializeContext } from '../serializers/content.js';
import { actions } from './actions.js';
import { breadcrumbs } from './breadcrumbs.js';
import { navigation } from './navigation.js';
import { types } from './types.js';
import { workflow } from './workflow.js';

export interface Expanded {
  body: unknown;
  deps: string[];
}

export type Expander = (ctx: SerializeContext, rec: ContentRecord) => Promise<Expanded>;

const link =
  (name: string): Expander =>
  async (ctx, rec) => ({ body: { '@id': `${ctx.urls.url(rec.path)}/@${name}` }, deps: [] });

const EXPANDERS: Record<string, Expander> = {
  actions,
  aliases: link('aliases'),
  breadcrumbs,
  contextnavigation: link('contextnavigation'),
  navigation,
  navroot: async (ctx, rec) => {
    const root = await ctx.tx.byPath('');
    const url = ctx.urls.url(rec.path);
    return {
      body: {
        '@id': `${url}/@navroot`,
        navroot: root
          ? {
              '@id': ctx.urls.siteUrl,
              '@type': root.type,
              title: root.data.title ?? '',
              description: root.data.description ?? '',
            }
          : {},
      },
      deps: root ? [root.uid] : [],
    };
  },
  types,
  workflow,
};

export const COMPONENTS = Object.keys(EXPANDERS);

export function expand(
  name: string,
  ctx: SerializeContext,
  rec: ContentRecord,
): Promise<Expanded> | undefined {
  return EXPANDERS[name]?.(ctx, rec);
}
