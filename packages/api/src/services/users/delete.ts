// DELETE @users/{id}. Needs 'Manage users'; only a Manager may delete a
// Manager. The user's group memberships and reset tokens go with it; tokens
// it held stop working (the user no longer exists). plone.restapi's
// delete_localroles / delete_memberareas options are accepted.
import { forbidden, notFound, type WriteTx } from '@tessera/core';
import type { ServiceContext } from '../registry.js';
import { isManager, requireSiteRoot } from './common.js';

export async function deleteUser(ctx: ServiceContext<WriteTx>) {
  requireSiteRoot(ctx);
  const { tx, args, site, principal } = ctx;
  if (args.length !== 1) throw notFound('Send DELETE to @users/<id>.');
  const user = await tx.userById(args[0]);
  if (!user) throw notFound(`User ${args[0]} does not exist.`);
  const target = await site.users.principal(user, tx);
  if (target.roles.has('Manager') && !isManager(principal))
    throw forbidden("You don't have permission to delete a user with the 'Manager' role.");
  await tx.deleteUser(user.id);
  ctx.changedRegistry.users = true;
  ctx.log.info({ principal: principal.id, user: user.id }, 'user deleted');
  return { status: 204 };
}
