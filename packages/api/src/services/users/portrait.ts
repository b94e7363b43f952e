// GET @portrait/{id} (or @portrait for one's own): the portrait image,
// streamed from the blob store. Only raster image types are ever stored.
import { notFound } from '@tessera/core';
import type { ServiceContext } from '../registry.js';

export async function getPortrait(ctx: ServiceContext) {
  const id = ctx.args[0] ?? ctx.principal.id;
  if (!id || ctx.args.length > 1) throw notFound('No portrait.');
  const user = await ctx.site.users.byId(id, ctx.tx);
  const portrait = user?.properties.portrait as
    | { hash: string; size: number; contentType: string }
    | undefined;
  if (!portrait) throw notFound('No portrait.');
  return {
    status: 200,
    stream: true,
    body: ctx.tx.openBlob(portrait.hash),
    headers: {
      'Content-Type': portrait.contentType,
      'Content-Length': String(portrait.size),
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': "default-src 'none'; sandbox",
    },
  };
}
