// What the @users services share: serialization in plone.restapi's shape,
// profile validation, password setting and the privilege rules.
import { randomInt } from 'node:crypto';
import {
  ASSIGNABLE_ROLES,
  AUTHENTICATED_GROUP,
  badRequest,
  type FieldError,
  hasPermission,
  type Principal,
  passwordProblem,
  profileValueProblem,
  TesseraError,
  type UserRecord,
  type WriteTx,
} from '@tessera/core';
import { hashPassword } from '../../auth/passwords.js';
import type { Site } from '../../site.js';
import type { ServiceContext } from '../registry.js';

/** @users, @groups and friends live on the site root only, as in Plone. */
export function requireSiteRoot(ctx: ServiceContext) {
  if (ctx.content.parentUid !== null)
    throw new TesseraError('NotFound', `Resource not found: ${ctx.urls.url(ctx.content.path)}`, {
      extra: { context: ctx.urls.siteUrl },
    });
}

export const canManageUsers = (p: Principal) => hasPermission(p, 'Manage users');
export const isManager = (p: Principal) => p.roles.has('Manager');

export function bodyObject(body: unknown): Record<string, unknown> {
  if (body === undefined || body === null) return {};
  if (typeof body !== 'object' || Array.isArray(body))
    throw badRequest('The request body must be a JSON object.');
  return body as Record<string, unknown>;
}

/** The URL this request addressed (plone.restapi's canonical_url of a batch). */
export function requestUrl(ctx: ServiceContext, service: string): string {
  const q = ctx.req.url.indexOf('?');
  const query = q < 0 ? '' : ctx.req.url.slice(q);
  return `${ctx.urls.siteUrl}/${service}${ctx.args.map((a) => `/${a}`).join('')}${query}`;
}

/** A fresh token generation: random, so a user re-created under an old id never accepts the old user's tokens. */
export const newTokenGen = () => randomInt(1, 2 ** 30);

/** Field-level 400 in plone.restapi's shape for @users. */
export function fieldErrors(errors: FieldError[]): TesseraError {
  return new TesseraError('BadRequest', `Error in fields. ${errors.map((e) => e.message).join(' ')}`, {
    fieldErrors: errors,
    extra: { type: 'WrongParameterError' },
  });
}

/** The effective global roles as @users shows them: sorted, without the implied ones. */
export function visibleRoles(p: Principal): string[] {
  return [...p.roles].filter((r) => r !== 'Anonymous' && r !== 'Authenticated').sort();
}

export async function groupItems(site: Site, p: Principal, tx: ServiceContext['tx']) {
  const items: Array<{ id: string; title: string }> = [];
  for (const id of p.groups) {
    const g = id === AUTHENTICATED_GROUP ? undefined : await site.users.group(id, tx);
    items.push({ id, title: g?.title || id });
  }
  return items.sort((a, b) => (a.title < b.title ? -1 : a.title > b.title ? 1 : 0));
}

/** The profile properties of the user schema, '' as null. */
export function profileValues(site: Site, user: UserRecord, siteUrl: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of site.userFields) {
    let v: unknown;
    if (field.name === 'fullname') v = user.fullname;
    else if (field.name === 'email') v = user.email;
    else if (field.name === 'portrait')
      v = user.properties.portrait ? `${siteUrl}/@portrait/${encodeURIComponent(user.id)}` : null;
    else v = user.properties[field.name];
    out[field.name] = v === '' || v === undefined ? null : v;
  }
  return out;
}

/**
 * A user as plone.restapi serializes one. `groupsUrl` set: the full form
 * with the user's groups (GET, POST); unset: the summary (@principals).
 */
export async function serializeUser(ctx: ServiceContext, user: UserRecord, groupsUrl?: string) {
  const { site, tx } = ctx;
  const principal = await site.users.principal(user, tx);
  const data: Record<string, unknown> = {
    '@id': `${ctx.urls.siteUrl}/@users/${user.id}`,
    id: user.id,
    username: user.login,
    roles: visibleRoles(principal),
    ...profileValues(site, user, ctx.urls.siteUrl),
  };
  if (groupsUrl !== undefined) {
    const items = await groupItems(site, principal, tx);
    data.groups = { '@id': groupsUrl, items, items_total: items.length };
  }
  return data;
}

/** Why the password cannot be set for this user, as a 400. */
export function checkPasswordPolicy(site: Site, password: unknown, user: { id?: string; login?: string }) {
  const problem = passwordProblem({ minLength: site.config.passwordMinLength }, password, user);
  if (problem) throw new TesseraError('BadRequest', problem, { extra: { type: 'Invalid password' } });
}

/**
 * Sets a new password: checks the policy, hashes, raises the token
 * generation (every token issued so far stops working) and drops pending
 * reset links.
 */
export async function setPassword(ctx: ServiceContext<WriteTx>, user: UserRecord, password: string) {
  checkPasswordPolicy(ctx.site, password, user);
  const passwordHash = await hashPassword(password);
  await ctx.tx.putUser({ ...user, passwordHash, tokenGen: user.tokenGen + 1 });
  await ctx.tx.deletePasswordResets({ userId: user.id });
  ctx.changedRegistry.users = true;
}

/**
 * Validates roles for a user or group: known, assignable names. The implied
 * Authenticated role (which GET shows for groups) may be echoed back; it is
 * dropped.
 */
export function checkRoles(value: unknown, field = 'roles'): string[] {
  if (!Array.isArray(value) || !value.every((r) => typeof r === 'string'))
    throw badRequest(`"${field}" must be a list of role names.`);
  const roles = (value as string[]).filter((r) => r !== 'Authenticated');
  const unknown = roles.filter((r) => !(ASSIGNABLE_ROLES as readonly string[]).includes(r) || r === 'Owner');
  if (unknown.length) throw badRequest(`Unknown or unassignable roles: ${unknown.join(', ')}.`);
  return [...new Set(roles)];
}

/** Only a Manager may grant or take away the Manager role (a Site Administrator may not). */
export function refuseManagerChange(ctx: ServiceContext, before: string[], after: string[], target: string) {
  if (isManager(ctx.principal)) return;
  if (before.includes('Manager') !== after.includes('Manager')) {
    ctx.log.warn(
      { principal: ctx.principal.id, target, before, after },
      'refused: only a Manager may grant or revoke the Manager role',
    );
    throw new TesseraError('Forbidden', "You can't grant or revoke the Manager role.");
  }
}

/**
 * Applies profile fields from a request body onto the user (fullname, email,
 * properties); collects errors for bad values. Portrait is handled apart.
 */
export function applyProfile(
  site: Site,
  user: Pick<UserRecord, 'fullname' | 'email' | 'properties'>,
  values: Record<string, unknown>,
  errors: FieldError[],
) {
  const next = { fullname: user.fullname, email: user.email, properties: { ...user.properties } };
  for (const [name, value] of Object.entries(values)) {
    const field = site.userFields.find((f) => f.name === name);
    if (!field || name === 'portrait') continue;
    const problem = profileValueProblem(field, value);
    if (problem) {
      errors.push({ field: name, message: `${field.schema.title}: ${problem}` });
      continue;
    }
    if (name === 'fullname') next.fullname = (value as string | null) ?? '';
    else if (name === 'email') next.email = (value as string | null) ?? '';
    else if (value === null || value === '') delete next.properties[name];
    else next.properties[name] = value;
  }
  return next;
}

const PORTRAIT_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);
const MAX_PORTRAIT = 5 * 1024 * 1024;

/** A portrait from {data, encoding, content-type, filename[, scale]}: stored as a blob. null removes it. */
export async function portraitValue(tx: WriteTx, value: unknown): Promise<Record<string, unknown> | null> {
  if (value === null) return null;
  if (!value || typeof value !== 'object' || Array.isArray(value))
    throw badRequest('"portrait" must be an object with data, encoding, content-type and filename.');
  const v = value as Record<string, unknown>;
  const type = v['content-type'] ?? v.content_type;
  if (typeof type !== 'string' || !PORTRAIT_TYPES.has(type.toLowerCase()))
    throw badRequest(`A portrait must be one of: ${[...PORTRAIT_TYPES].join(', ')}.`);
  if (typeof v.data !== 'string') throw badRequest('"portrait.data" must be a string.');
  if (v.encoding !== undefined && v.encoding !== 'base64')
    throw badRequest('"portrait.encoding" must be base64.');
  const bytes = v.encoding === 'base64' ? Buffer.from(v.data, 'base64') : Buffer.from(v.data, 'utf8');
  if (bytes.length === 0 || bytes.length > MAX_PORTRAIT)
    throw badRequest('The portrait is empty or too large.');
  const blob = await tx.putBlob(bytes);
  const filename = typeof v.filename === 'string' ? v.filename.slice(0, 255) : 'portrait';
  return { hash: blob.hash, size: blob.size, contentType: type.toLowerCase(), filename };
}

/** A user by id, or else by login (plone.restapi's reset-password accepts either). */
export async function userByIdOrLogin(ctx: ServiceContext, key: string) {
  return (await ctx.tx.userById(key)) ?? (await ctx.tx.userByLogin(key));
}

export function unauthorizedFlat(ctx: ServiceContext) {
  // Plone answers a service-level refusal of @users in the flat publisher form.
  return new TesseraError('Unauthorized', 'You are not authorized to access this resource.', {
    extra: { context: ctx.urls.siteUrl },
  });
}
