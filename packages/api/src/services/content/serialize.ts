// Shared by the content services: build the SerializeContext from a request.
import type { ContentRecord } from '@tessera/core';
import { type Serialized, serializeContent } from '../../serializers/content.js';
import type { ServiceContext } from '../registry.js';

export function rawQueryOf(ctx: ServiceContext): string {
  const q = ctx.req.url.indexOf('?');
  return q === -1 ? '' : ctx.req.url.slice(q + 1);
}

export function serializeFor(
  ctx: ServiceContext,
  rec: ContentRecord,
  withQuery = true,
  parent?: ContentRecord,
): Promise<Serialized> {
  return serializeContent(
    {
      site: ctx.site,
      tx: ctx.tx,
      urls: ctx.urls,
      principal: ctx.principal,
      query: withQuery ? ctx.query : {},
      rawQuery: withQuery ? rawQueryOf(ctx) : '',
      cacheBounds: ctx.cacheBounds,
    },
    rec,
    { parent },
  );
}

/** `Prefer: return=representation` asks PATCH/PUT to answer with the object. */
export function wantsRepresentation(ctx: ServiceContext): boolean {
  const prefer = ctx.req.headers.prefer;
  return typeof prefer === 'string' && /return=representation/i.test(prefer);
}
