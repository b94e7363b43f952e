// @relations on the site root: query, add, delete and rebuild relations
// (the links table, docs/links-and-relations.md).
import { badRequest, notFound, type WriteTx } from '@tessera/core';
import type { ServiceContext, ServiceRegistry } from '../registry.js';
import { getRelations } from './get.js';
import { deleteRelations, postRelations, rebuildRelations } from './write.js';

function rootOnly(ctx: ServiceContext) {
  if (ctx.content.parentUid !== null)
    throw badRequest('@relations is a site service: use it on the site root.');
}

export function registerRelations(services: ServiceRegistry) {
  services.add({
    method: 'GET',
    name: '@relations',
    // Each relation shown is checked again: the user must View both ends.
    permission: 'View',
    takesArgs: true,
    async handler(ctx) {
      rootOnly(ctx);
      if (ctx.args.length) throw notFound(`Unknown @relations resource: ${ctx.args.join('/')}`);
      return getRelations(ctx);
    },
  });
  services.add<WriteTx>({
    method: 'POST',
    name: '@relations',
    // Checked per relation: Modify portal content on the source, View on the target.
    permission: 'View',
    takesArgs: true,
    async handler(ctx) {
      rootOnly(ctx);
      if (ctx.args.length === 1 && ctx.args[0] === 'rebuild') return rebuildRelations(ctx);
      if (ctx.args.length) throw notFound(`Unknown @relations resource: ${ctx.args.join('/')}`);
      return postRelations(ctx);
    },
  });
  services.add<WriteTx>({
    method: 'DELETE',
    name: '@relations',
    permission: 'View',
    async handler(ctx) {
      rootOnly(ctx);
      return deleteRelations(ctx);
    },
  });
}
