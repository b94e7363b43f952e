import { can } from '@tessera/core';
import type { Expander } from './index.js';

export const breadcrumbs: Expander = async (ctx, rec) => {
  const url = ctx.urls.url(rec.path);
  // Ancestors the principal may not see are left out, as Plone's breadcrumbs do.
  const chain =
    rec.parentUid === null
      ? []
      : [...(await ctx.tx.ancestors(rec.path)).slice(1).filter((a) => can(ctx.principal, 'View', a)), rec];
  return {
    body: {
      '@id': `${url}/@breadcrumbs`,
      items: chain.map((r) => ({ '@id': ctx.urls.url(r.path), title: (r.data.title as string) ?? '' })),
      root: ctx.urls.siteUrl,
    },
    deps: chain.map((r) => r.uid),
  };
};
