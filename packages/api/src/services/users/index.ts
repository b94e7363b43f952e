// @users and @portrait.
// https://6.docs.plone.org/plone.restapi/docs/source/endpoints/users.html
import { notFound, type WriteTx } from '@tessera/core';
import type { ServiceRegistry } from '../registry.js';
import { postUsers } from './add.js';
import { requireSiteRoot } from './common.js';
import { deleteUser } from './delete.js';
import { getUsers } from './get.js';
import { getPortrait } from './portrait.js';
import { resetPassword } from './reset.js';
import { patchUser } from './update.js';

export function registerUsers(services: ServiceRegistry) {
  // Authenticated users may read their own record; the handler checks the rest.
  services.add({
    method: 'GET',
    name: '@users',
    permission: 'Set own properties',
    takesArgs: true,
    handler: getUsers,
  });
  // Open to anyone: reset-password must be; creation checks 'Manage users' itself.
  services.add<WriteTx>({
    method: 'POST',
    name: '@users',
    // Site administration, not an edit of the object: no lock check.
    locks: false,
    permission: 'View',
    takesArgs: true,
    acceptsForm: true,
    async handler(ctx) {
      requireSiteRoot(ctx);
      if (ctx.args.length === 0) return postUsers(ctx);
      if (ctx.args.length === 2 && ctx.args[1] === 'reset-password') return resetPassword(ctx);
      throw notFound('Either POST to @users to create a user or use @users/<id>/reset-password.');
    },
  });
  services.add<WriteTx>({
    method: 'PATCH',
    name: '@users',
    // Site administration, not an edit of the object: no lock check.
    locks: false,
    permission: 'Set own properties',
    takesArgs: true,
    handler: patchUser,
  });
  services.add<WriteTx>({
    method: 'DELETE',
    name: '@users',
    // Site administration, not an edit of the object: no lock check.
    locks: false,
    permission: 'Manage users',
    takesArgs: true,
    acceptsForm: true,
    handler: deleteUser,
  });
  services.add({
    method: 'GET',
    name: '@portrait',
    permission: 'View',
    takesArgs: true,
    handler: getPortrait,
  });
}
