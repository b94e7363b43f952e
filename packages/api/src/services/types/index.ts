// @types: the list of types, each type's JSON schema, and through-the-web
// schema editing (add/patch/delete fields and fieldsets, PUT the whole schema).
// https://6.docs.plone.org/plone.restapi/docs/source/endpoints/types.html
import {
  addFieldOrFieldset,
  assembleSchema,
  deleteFieldOrFieldset,
  patchFieldOrFieldset,
  patchType,
  putType,
  TesseraError,
  type TypeDef,
  type WriteTx,
} from '@tessera/core';
import type { ServiceContext, ServiceRegistry } from '../registry.js';

function typeOr404(ctx: ServiceContext, name: string | undefined) {
  if (!name) throw new TesseraError('BadRequest', 'Name the type: @types/<type name>.');
  const info = ctx.site.types.get(name);
  if (!info) throw new TesseraError('NotFound', `Unknown type: ${name}`);
  return info;
}

/** Applies a schema edit and stores the new definition. A TypeSchemaError is a
 * TesseraError already (400, or 404 for unknown names) and propagates as is. */
async function saveType<R extends { def: TypeDef }>(ctx: ServiceContext<WriteTx>, run: () => R): Promise<R> {
  const result = run();
  await ctx.tx.putType(result.def.id, result.def);
  ctx.changedRegistry.types = true;
  return result;
}

export function registerTypes(services: ServiceRegistry) {
  services.add({
    method: 'GET',
    name: '@types',
    permission: 'View',
    takesArgs: true,
    async handler(ctx) {
      if (ctx.args.length === 0) {
        return { body: ctx.site.types.listFor(ctx.content, ctx.urls.siteUrl, ctx.principal) };
      }
      const info = typeOr404(ctx, ctx.args[0]);
      const schema = assembleSchema(info.def, ctx.site.types.behaviors, ctx.urls.siteUrl);
      if (ctx.args.length === 1) return { body: schema, contentType: 'application/json+schema' };
      const field = (schema.properties as Record<string, unknown>)[ctx.args[1]];
      if (!field) throw new TesseraError('NotFound', `Unknown field: ${ctx.args[1]}`);
      return { body: field, contentType: 'application/json+schema' };
    },
  });

  services.add<WriteTx>({
    method: 'POST',
    name: '@types',
    // Site administration, not an edit of the object: no lock check.
    locks: false,
    permission: 'Manage portal',
    takesArgs: true,
    async handler(ctx) {
      const info = typeOr404(ctx, ctx.args[0]);
      const body = (ctx.body ?? {}) as Record<string, unknown>;
      const result = await saveType(ctx, () =>
        addFieldOrFieldset(info.def, ctx.site.types.behaviors, body, ctx.urls.siteUrl),
      );
      return { status: 201, body: result.response };
    },
  });

  services.add<WriteTx>({
    method: 'PATCH',
    name: '@types',
    // Site administration, not an edit of the object: no lock check.
    locks: false,
    permission: 'Manage portal',
    takesArgs: true,
    async handler(ctx) {
      const info = typeOr404(ctx, ctx.args[0]);
      const body = (ctx.body ?? {}) as Record<string, unknown>;
      const behaviors = ctx.site.types.behaviors;
      await saveType(ctx, () => ({
        def:
          ctx.args.length > 1
            ? patchFieldOrFieldset(info.def, behaviors, ctx.args[1], body)
            : patchType(info.def, behaviors, body, ctx.urls.siteUrl),
      }));
      return { status: 204 };
    },
  });

  services.add<WriteTx>({
    method: 'PUT',
    name: '@types',
    // Site administration, not an edit of the object: no lock check.
    locks: false,
    permission: 'Manage portal',
    takesArgs: true,
    async handler(ctx) {
      const info = typeOr404(ctx, ctx.args[0]);
      const body = (ctx.body ?? {}) as Record<string, unknown>;
      await saveType(ctx, () => ({
        def: putType(info.def, ctx.site.types.behaviors, body, ctx.urls.siteUrl),
      }));
      return { status: 204 };
    },
  });

  services.add<WriteTx>({
    method: 'DELETE',
    name: '@types',
    // Site administration, not an edit of the object: no lock check.
    locks: false,
    permission: 'Manage portal',
    takesArgs: true,
    async handler(ctx) {
      const info = typeOr404(ctx, ctx.args[0]);
      if (ctx.args.length < 2) throw new TesseraError('BadRequest', 'Name the field or fieldset to delete.');
      await saveType(ctx, () => ({
        def: deleteFieldOrFieldset(info.def, ctx.site.types.behaviors, ctx.args[1]),
      }));
      return { status: 204 };
    },
  });
}
