// @types as a component: the types addable here, with their schema URLs.
import type { Expander } from './index.js';

export const types: Expander = async (ctx, rec) => ({
  body: ctx.site.types.listFor(rec, ctx.urls.siteUrl, ctx.principal),
  deps: [rec.uid],
});
