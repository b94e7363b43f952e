// @groups: list (?query= to filter), get with members, create, update
// (title, description, email, roles, `users` {id: true|false} — users or
// groups, for nesting — and `groups`), delete. Needs 'Manage users'; only a
// Manager may create, change, fill or delete a group that grants Manager.
// https://6.docs.plone.org/plone.restapi/docs/source/endpoints/groups.html
//
// `groups` follows Plone's own (asymmetric) semantics: on POST it lists
// groups that become members of the new group; on PATCH it lists the groups
// the patched group is a member of (others are left, AuthenticatedUsers
// aside).
import {
  AUTHENTICATED_GROUP,
  BUILTIN_GROUPS,
  badRequest,
  forbidden,
  type GroupRecord,
  type MemberKind,
  notFound,
  TesseraError,
  transitiveGroups,
  validPrincipalId,
  type WriteTx,
  wouldCycle,
} from '@tessera/core';
import type { ServiceContext, ServiceRegistry } from '../registry.js';
import { bodyObject, checkRoles, isManager, requestUrl, requireSiteRoot } from '../users/common.js';

const DEFAULT_LIMIT = 25;
const POST_KEYS = new Set(['groupname', 'id', 'title', 'description', 'email', 'roles', 'groups', 'users']);
const PATCH_KEYS = new Set(['title', 'description', 'email', 'roles', 'groups', 'users', 'groupname', 'id']);

export function groupSummary(ctx: ServiceContext, g: GroupRecord) {
  return {
    '@id': `${ctx.urls.siteUrl}/@groups/${g.id}`,
    id: g.id,
    groupname: g.id,
    title: g.title,
    description: g.description,
    email: g.email,
    // Plone lists the implied Authenticated role with a group's own roles.
    roles: g.id === AUTHENTICATED_GROUP ? g.roles : [...g.roles, 'Authenticated'],
  };
}

async function groupFull(ctx: ServiceContext, g: GroupRecord, membersUrl: string) {
  const members =
    g.id === AUTHENTICATED_GROUP
      ? []
      : (await ctx.tx.groupMembers(g.id)).map((m) => m.id).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return {
    ...groupSummary(ctx, g),
    members: { '@id': membersUrl, items: members, items_total: members.length },
  };
}

/** Stored groups by id, then the virtual AuthenticatedUsers, as Plone lists them. */
function ordered(groups: GroupRecord[]) {
  return groups.sort((a, b) =>
    a.id === AUTHENTICATED_GROUP
      ? 1
      : b.id === AUTHENTICATED_GROUP
        ? -1
        : a.id < b.id
          ? -1
          : a.id > b.id
            ? 1
            : 0,
  );
}

const str = (v: unknown, name: string, max = 2000): string => {
  if (v === null || v === undefined) return '';
  if (typeof v !== 'string' || v.length > max) throw badRequest(`"${name}" must be a string.`);
  return v;
};

/** Whether a group grants Manager, itself or through the groups it is in. */
async function grantsManager(ctx: ServiceContext, groupId: string): Promise<boolean> {
  const all = await transitiveGroups([groupId], (ids) => ctx.site.users.parentsOf(ids, ctx.tx));
  for (const id of all) if ((await ctx.tx.groupById(id))?.roles.includes('Manager')) return true;
  return false;
}

async function kindOf(tx: WriteTx, id: string): Promise<MemberKind | undefined> {
  if (await tx.userById(id)) return 'user';
  if (id !== AUTHENTICATED_GROUP && (await tx.groupById(id))) return 'group';
  return undefined;
}

async function addMember(ctx: ServiceContext<WriteTx>, group: string, memberId: string) {
  const kind = await kindOf(ctx.tx, memberId);
  if (!kind) throw badRequest(`No such user or group: ${memberId}.`);
  if (kind === 'group' && (await wouldCycle(group, memberId, (ids) => ctx.site.users.parentsOf(ids, ctx.tx))))
    throw badRequest(`Adding ${memberId} to ${group} would make groups contain themselves.`);
  await ctx.tx.addMember(group, kind, memberId);
}

function requireManagerFor(ctx: ServiceContext, cond: boolean, what: string) {
  if (cond && !isManager(ctx.principal)) {
    ctx.log.warn({ principal: ctx.principal.id, what }, 'refused: Manager role needed');
    throw forbidden(`You don't have permission to ${what}.`);
  }
}

async function getGroups(ctx: ServiceContext) {
  requireSiteRoot(ctx);
  const { tx, args, query } = ctx;
  if (args.length === 0) {
    const names = Object.keys(query);
    if (names.length) {
      const unknown = names.filter((n) => n !== 'query' && n !== 'limit');
      const q = query.query;
      if (unknown.length || typeof q !== 'string' || !q)
        throw badRequest('Query string supplied is not valid.');
      const limitText = typeof query.limit === 'string' ? query.limit : undefined;
      if (limitText !== undefined && !/^\d{1,6}$/.test(limitText))
        throw badRequest('"limit" must be a number.');
      const limit = Number(limitText ?? DEFAULT_LIMIT) || undefined;
      const found = ordered(await tx.listGroups({ search: q })).slice(0, limit);
      return { body: found.map((g) => groupSummary(ctx, g)) };
    }
    const url = requestUrl(ctx, '@groups');
    const out = [];
    for (const g of ordered(await tx.listGroups())) out.push(await groupFull(ctx, g, url));
    return { body: out };
  }
  if (args.length !== 1) throw notFound('Send GET to @groups or @groups/<id>.');
  const g = await tx.groupById(args[0]);
  if (!g) throw notFound(`Group ${args[0]} does not exist.`);
  return { body: await groupFull(ctx, g, requestUrl(ctx, '@groups')) };
}

function stringList(v: unknown, name: string): string[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'string'))
    throw badRequest(`"${name}" must be a list of ids.`);
  return [...new Set(v as string[])];
}

async function postGroup(ctx: ServiceContext<WriteTx>) {
  requireSiteRoot(ctx);
  if (ctx.args.length) throw notFound('Send POST to @groups.');
  const { tx } = ctx;
  const data = bodyObject(ctx.body);
  const unknown = Object.keys(data).filter((k) => !POST_KEYS.has(k));
  if (unknown.length) throw badRequest(`Unknown fields: ${unknown.join(', ')}.`);
  const id = data.groupname ?? data.id;
  if (!id) throw badRequest("Property 'groupname' is required");
  if (!validPrincipalId(id, 'group')) throw badRequest('The group name you entered is not valid.');
  if ((await tx.groupById(id)) || (await tx.userById(id)))
    throw badRequest('The group name you entered already exists.');
  const roles = data.roles === undefined ? [] : checkRoles(data.roles);
  requireManagerFor(ctx, roles.includes('Manager'), "create a group with the 'Manager' role");
  const users = stringList(data.users, 'users');
  const groups = stringList(data.groups, 'groups');
  await tx.putGroup({
    id,
    title: str(data.title, 'title', 255) || id,
    description: str(data.description, 'description'),
    email: str(data.email, 'email', 255),
    roles,
  });
  for (const member of [...groups, ...users]) await addMember(ctx, id, member);
  ctx.changedRegistry.users = true;
  ctx.log.info({ principal: ctx.principal.id, group: id, roles }, 'group created');
  const g = (await tx.groupById(id))!;
  return {
    status: 201,
    headers: { Location: `${ctx.urls.siteUrl}/@groups/${encodeURIComponent(id)}` },
    body: await groupFull(ctx, g, requestUrl(ctx, '@groups')),
  };
}

async function patchGroup(ctx: ServiceContext<WriteTx>) {
  requireSiteRoot(ctx);
  const { tx, args, site } = ctx;
  if (args.length !== 1) throw notFound('Send PATCH to @groups/<id>.');
  const data = bodyObject(ctx.body);
  const unknown = Object.keys(data).filter((k) => !PATCH_KEYS.has(k));
  if (unknown.length) throw badRequest(`Unknown fields: ${unknown.join(', ')}.`);
  const group = await tx.groupById(args[0]);
  if (!group) throw new TesseraError('BadRequest', 'Trying to update a non-existing group.');
  for (const k of ['groupname', 'id'] as const)
    if (k in data && data[k] !== group.id) throw badRequest(`A group's ${k} cannot change.`);
  const managerGroup = await grantsManager(ctx, group.id);
  const roles = data.roles === undefined ? group.roles : checkRoles(data.roles);
  requireManagerFor(
    ctx,
    roles.includes('Manager') !== group.roles.includes('Manager'),
    "grant or revoke the 'Manager' role of a group",
  );
  const users = data.users ?? {};
  if (
    typeof users !== 'object' ||
    Array.isArray(users) ||
    !Object.values(users).every((v) => typeof v === 'boolean')
  )
    throw badRequest('"users" must be a mapping of user or group ids to true (add) or false (remove).');
  const changes = Object.entries(users as Record<string, boolean>);
  requireManagerFor(
    ctx,
    managerGroup && changes.length > 0,
    "change the members of a group with the 'Manager' role",
  );
  if (changes.length && group.id === AUTHENTICATED_GROUP)
    throw badRequest('Every authenticated user is in AuthenticatedUsers; its members cannot be changed.');
  const parents = data.groups === undefined ? undefined : stringList(data.groups, 'groups');
  await tx.putGroup({
    id: group.id,
    title: 'title' in data ? str(data.title, 'title', 255) || group.id : group.title,
    description: 'description' in data ? str(data.description, 'description') : group.description,
    email: 'email' in data ? str(data.email, 'email', 255) : group.email,
    roles,
  });
  for (const [member, on] of changes) {
    if (on) {
      const kind = await kindOf(tx, member);
      if (kind === 'group')
        requireManagerFor(ctx, await grantsManager(ctx, member), 'nest a group with the Manager role');
      await addMember(ctx, group.id, member);
    } else {
      await tx.removeMember(group.id, 'user', member);
      await tx.removeMember(group.id, 'group', member);
    }
  }
  if (parents) {
    if (group.id === AUTHENTICATED_GROUP)
      throw badRequest('AuthenticatedUsers cannot be a member of other groups.');
    const current = await tx.memberOf('group', group.id);
    for (const p of current) if (!parents.includes(p)) await tx.removeMember(p, 'group', group.id);
    for (const p of parents) {
      if (current.includes(p)) continue;
      const target = await tx.groupById(p);
      if (!target || p === AUTHENTICATED_GROUP) throw badRequest(`No such group: ${p}.`);
      requireManagerFor(ctx, await grantsManager(ctx, p), "put a group into a group with the 'Manager' role");
      if (await wouldCycle(p, group.id, (ids) => site.users.parentsOf(ids, tx)))
        throw badRequest(`Adding ${group.id} to ${p} would make groups contain themselves.`);
      await tx.addMember(p, 'group', group.id);
    }
  }
  ctx.changedRegistry.users = true;
  ctx.log.info({ principal: ctx.principal.id, group: group.id, fields: Object.keys(data) }, 'group changed');
  return { status: 204 };
}

async function deleteGroup(ctx: ServiceContext<WriteTx>) {
  requireSiteRoot(ctx);
  const { tx, args } = ctx;
  if (args.length !== 1) throw notFound('Send DELETE to @groups/<id>.');
  const group = await tx.groupById(args[0]);
  if (!group) throw notFound('Trying to delete a non-existing group.');
  if (BUILTIN_GROUPS.includes(group.id))
    throw badRequest(`The built-in group ${group.id} cannot be deleted.`);
  requireManagerFor(ctx, group.roles.includes('Manager'), 'delete a group with the Manager role');
  await tx.deleteGroup(group.id);
  ctx.changedRegistry.users = true;
  ctx.log.info({ principal: ctx.principal.id, group: group.id }, 'group deleted');
  return { status: 204 };
}

export function registerGroups(services: ServiceRegistry) {
  const common = { name: '@groups', permission: 'Manage users' as const, takesArgs: true, locks: false };
  services.add({ ...common, method: 'GET', handler: getGroups });
  services.add<WriteTx>({ ...common, method: 'POST', handler: postGroup });
  services.add<WriteTx>({ ...common, method: 'PATCH', handler: patchGroup });
  services.add<WriteTx>({ ...common, method: 'DELETE', handler: deleteGroup });
}
