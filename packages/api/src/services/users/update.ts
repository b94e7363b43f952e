// PATCH @users/{id}. A user with 'Manage users' may change any profile
// field, the login name (`username`), the password and the global roles
// (`roles` as {"Role": true|false}); only a Manager may touch the Manager
// role or a Manager's account. Anyone else may change their own profile
// fields only: a Member sending `roles` for itself is refused and logged.
// Passwords of one's own account change through reset-password with
// old_password, which proves the caller knows it.
import { badRequest, type FieldError, forbidden, notFound, TesseraError, type WriteTx } from '@tessera/core';
import type { ServiceContext } from '../registry.js';
import {
  applyProfile,
  bodyObject,
  canManageUsers,
  checkRoles,
  fieldErrors,
  isManager,
  portraitValue,
  refuseManagerChange,
  requireSiteRoot,
  setPassword,
} from './common.js';

const MANAGER_KEYS = ['username', 'password', 'roles'];

export async function patchUser(ctx: ServiceContext<WriteTx>) {
  requireSiteRoot(ctx);
  const { site, tx, principal, args } = ctx;
  if (args.length !== 1) throw notFound('Send PATCH to @users/<id>.');
  const data = bodyObject(ctx.body);
  const manage = canManageUsers(principal);
  const self = principal.id === args[0];
  if (!manage && !self) throw forbidden("You can't update the properties of this user.");
  const user = await tx.userById(args[0]);
  if (!user) throw notFound(`User ${args[0]} does not exist.`);

  const errors: FieldError[] = [];
  const known = (k: string) => MANAGER_KEYS.includes(k) || site.userFields.some((f) => f.name === k);
  for (const k of Object.keys(data))
    if (!known(k)) errors.push({ field: k, message: `Property '${k}' is not allowed.` });
  if (errors.length) throw fieldErrors(errors);

  if (!manage) {
    const privileged = MANAGER_KEYS.filter((k) => k in data);
    if (privileged.length) {
      if ('roles' in data)
        ctx.log.warn(
          { principal: principal.id, roles: data.roles },
          'refused: a user tried to change its own roles',
        );
      throw new TesseraError(
        'Forbidden',
        `You can't change ${privileged.join(', ')} of your own account${
          'password' in data ? ' (change your password with @users/<id>/reset-password and old_password)' : ''
        }.`,
      );
    }
  }

  // A Site Administrator may not change a Manager's credentials or roles.
  const target = await site.users.principal(user, tx);
  const sensitive = ['password', 'email', 'username', 'roles'].some((k) => k in data);
  if (manage && !self && sensitive && target.roles.has('Manager') && !isManager(principal))
    throw forbidden("You can't update this user.");

  const profile = applyProfile(site, user, data, errors);
  if (errors.length) throw fieldErrors(errors);
  let roles = user.roles;
  if ('roles' in data) {
    const change = data.roles;
    if (!change || typeof change !== 'object' || Array.isArray(change))
      throw badRequest('"roles" must be a mapping of role names to true (grant) or false (revoke).');
    const entries = Object.entries(change as Record<string, unknown>);
    if (!entries.every(([, v]) => typeof v === 'boolean'))
      throw badRequest('"roles" values must be true or false.');
    checkRoles(entries.map(([r]) => r));
    const next = new Set(roles);
    for (const [role, on] of entries) on ? next.add(role) : next.delete(role);
    roles = [...next];
    refuseManagerChange(ctx, user.roles, roles, user.id);
  }
  let login = user.login;
  if ('username' in data) {
    const v = data.username;
    if (typeof v !== 'string' || !/^[^\s]{1,255}$/.test(v))
      throw badRequest('"username" must be a login name.');
    const other = await tx.userByLogin(v);
    if (other && other.id !== user.id)
      throw new TesseraError('BadRequest', `Cannot update login name of user to '${v}'.`, {
        extra: { type: 'Bad request' },
      });
    login = v;
  }
  if ('portrait' in data) {
    // Volto sends back the portrait URL it read unless it changed: keep it then.
    if (typeof data.portrait !== 'string') {
      const portrait = await portraitValue(tx, data.portrait);
      if (portrait) profile.properties.portrait = portrait;
      else delete profile.properties.portrait;
    }
  }
  const updated = { ...user, ...profile, login, roles };
  await tx.putUser(updated);
  ctx.changedRegistry.users = true;
  if ('password' in data) {
    if (typeof data.password !== 'string') throw badRequest('"password" must be a string.');
    await setPassword(ctx, { ...updated, tid: user.tid }, data.password);
  }
  if ('roles' in data || 'password' in data || 'username' in data)
    ctx.log.info(
      { principal: principal.id, user: user.id, roles, fields: Object.keys(data) },
      'user account changed',
    );
  return { status: 204 };
}
