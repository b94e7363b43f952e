// GET @users (list, ?query=, ?search=, ?groups-filter:list=, ?limit=, CSV
// with Accept: text/csv) and GET @users/{id}.
// https://6.docs.plone.org/plone.restapi/docs/source/endpoints/users.html
import { badRequest, forbidden, notFound, type UserRecord } from '@tessera/core';
import type { ServiceContext } from '../registry.js';
import {
  canManageUsers,
  groupItems,
  requestUrl,
  requireSiteRoot,
  serializeUser,
  unauthorizedFlat,
  visibleRoles,
} from './common.js';
import { csvLine } from './csv.js';

const DEFAULT_LIMIT = 25;
const KNOWN_PARAMS = new Set(['query', 'search', 'groups-filter:list', 'groups-filter', 'groups', 'limit']);

const list = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const last = (v: string | string[] | undefined) => (Array.isArray(v) ? v[v.length - 1] : v);

/** Plone sorts users by their normalized full name (or login). */
function sortKey(u: UserRecord) {
  return (u.fullname || u.login)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}

export function sortUsers(users: UserRecord[]) {
  return users
    .map((u) => ({ u, k: sortKey(u) }))
    .sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : a.u.id < b.u.id ? -1 : 1))
    .map((x) => x.u);
}

async function findUsers(ctx: ServiceContext): Promise<UserRecord[] | undefined> {
  const q = ctx.query;
  const names = Object.keys(q);
  if (names.length === 0) return undefined;
  const unknown = names.filter((n) => !KNOWN_PARAMS.has(n));
  if (unknown.length) throw badRequest(`Parameters supplied are not valid: ${unknown.join(', ')}.`);
  const query = last(q.query) ?? '';
  const search = last(q.search) ?? '';
  const groups = [...list(q['groups-filter:list']), ...list(q['groups-filter']), ...list(q.groups)];
  const limitText = last(q.limit);
  if (limitText !== undefined && !/^\d{1,6}$/.test(limitText)) throw badRequest('"limit" must be a number.');
  const limit = limitText === undefined ? DEFAULT_LIMIT : Number(limitText);
  if (!query && !search && groups.length === 0 && limitText === undefined)
    throw badRequest('Parameters supplied are not valid.');
  let users = await ctx.tx.listUsers(
    search
      ? { search }
      : { idContains: query || undefined, limit: groups.length ? undefined : limit || undefined },
  );
  if (groups.length) {
    const wanted = new Set(groups);
    const kept: UserRecord[] = [];
    for (const u of users) {
      const principal = await ctx.site.users.principal(u, ctx.tx);
      if ([...principal.groups].some((g) => wanted.has(g))) kept.push(u);
    }
    users = kept;
  }
  users = sortUsers(users);
  return limit ? users.slice(0, limit) : users;
}

async function asCsv(ctx: ServiceContext, users: UserRecord[]) {
  const lines = [csvLine(['id', 'username', 'fullname', 'email', 'roles', 'groups'])];
  for (const u of users) {
    const p = await ctx.site.users.principal(u, ctx.tx);
    const groups = await groupItems(ctx.site, p, ctx.tx);
    lines.push(
      csvLine([
        u.id,
        u.login,
        u.fullname,
        u.email,
        visibleRoles(p).join(', '),
        groups.map((g) => g.id).join(', '),
      ]),
    );
  }
  return {
    body: Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8'),
    stream: true,
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': 'attachment; filename=users.csv',
    },
  };
}

export async function getUsers(ctx: ServiceContext) {
  requireSiteRoot(ctx);
  const { principal, args, tx } = ctx;
  if (args.length === 0) {
    // plone.restapi answers 401 (not 403) to a listing by a user without
    // 'Manage users'; clients written against Plone rely on it.
    if (!canManageUsers(principal)) throw unauthorizedFlat(ctx);
    const found = await findUsers(ctx);
    const users = found ?? sortUsers(await tx.listUsers());
    if (found === undefined && /^text\/csv\b/.test(String(ctx.req.headers.accept ?? '')))
      return asCsv(ctx, users);
    const url = requestUrl(ctx, '@users');
    const items = [];
    for (const u of users) items.push(await serializeUser(ctx, u, url));
    return { body: { '@id': `${ctx.urls.siteUrl}/@users`, items, items_total: items.length } };
  }
  if (args.length !== 1) throw notFound(`Resource not found: ${requestUrl(ctx, '@users')}`);
  const self = principal.id !== null && principal.id === args[0];
  if (!self && !canManageUsers(principal)) throw forbidden('You may only read your own user information.');
  const user = await tx.userById(args[0]);
  if (!user) throw notFound(`User ${args[0]} does not exist.`);
  return { body: await serializeUser(ctx, user, requestUrl(ctx, '@users')) };
}
