// The field a @sources / @querysources request names, on the context's type,
// and its source. Errors follow plone.restapi's sources services.
import { badRequest, type FieldSource, fieldSource, notFound } from '@tessera/core';
import type { ServiceContext } from '../registry.js';

type KnownSource = Exclude<FieldSource, { kind: 'unknown' }>;

export function sourceOf(ctx: ServiceContext): { field: string; source: KnownSource } {
  if (ctx.args.length !== 1) throw badRequest('Must supply exactly one path parameter (fieldname)');
  const field = ctx.args[0]!;
  const schema = ctx.site.types.get(ctx.content.type)?.fields.get(field)?.schema;
  if (!schema) throw notFound(`No such field: '${field}'`);
  const source = fieldSource(schema);
  if (!source) throw notFound(`Field '${field}' does not have a source`);
  if (source.kind === 'unknown')
    throw notFound(`Field '${field}' has a source this site does not provide (${source.name})`);
  return { field, source };
}
