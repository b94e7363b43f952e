import { can } from '@tessera/core';
import type { Expander } from './index.js';
import { navigationRoot } from './navroot.js';

export const breadcrumbs: Expander = async (ctx, rec) => {
  const url = ctx.urls.url(rec.path);
  // As Plone's: the trail starts below the navigation root (a language root
  // folder on a multilingual site), which is the `root`.
  const navroot = rec.parentUid === null ? rec : await navigationRoot(ctx, rec);
  const below = (path: string) => navroot.parentUid === null || path.startsWith(`${navroot.path}/`);
  // Ancestors the principal may not see are left out, as Plone's breadcrumbs do.
  const chain =
    rec.parentUid === null || rec.uid === navroot.uid
      ? []
      : [
          ...(await ctx.tx.ancestors(rec.path))
            .slice(1)
            .filter((a) => below(a.path) && a.uid !== navroot.uid && can(ctx.principal, 'View', a)),
          rec,
        ];
  return {
    body: {
      '@id': `${url}/@breadcrumbs`,
      items: chain.map((r) => ({ '@id': ctx.urls.url(r.path), title: (r.data.title as string) ?? '' })),
      root: navroot.parentUid === null ? ctx.urls.siteUrl : ctx.urls.url(navroot.path),
    },
    deps: [...chain.map((r) => r.uid), ...(navroot.parentUid === null ? [] : [navroot.uid])],
  };
};
