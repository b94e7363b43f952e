import type { Expander } from './index.js';

export const breadcrumbs: Expander = async (ctx, rec) => {
  const url = ctx.urls.url(rec.path);
  const chain = rec.parentUid === null ? [] : [...(await ctx.tx.ancestors(rec.path)).slice(1), rec];
  return {
    body: {
      '@id': `${url}/@breadcrumbs`,
      items: chain.map((r) => ({ '@id': ctx.urls.url(r.path), title: (r.data.title as string) ?? '' })),
      root: ctx.urls.siteUrl,
    },
    deps: chain.map((r) => r.uid),
  };
};
