// POST @users: create a user from JSON, or several from a CSV upload
// (multipart/form-data, part "file"). Needs 'Manage users' (Tessera has no
// self-registration). Every user of a request is created in the one
// transaction: a bad row leaves nothing behind.
import { randomUUID } from 'node:crypto';
import {
  badRequest,
  type FieldError,
  forbidden,
  TesseraError,
  validPrincipalId,
  type WriteTx,
} from '@tessera/core';
import { hashPassword } from '../../auth/passwords.js';
import { FormBody } from '../../form-body.js';
import { siteFlag } from '../../settings/index.js';
import type { ServiceContext } from '../registry.js';
import {
  applyProfile,
  bodyObject,
  canManageUsers,
  checkPasswordPolicy,
  checkRoles,
  fieldErrors,
  isManager,
  newTokenGen,
  portraitValue,
  refuseManagerChange,
  requestUrl,
  serializeUser,
  unauthorizedFlat,
} from './common.js';
import { parseCsv } from './csv.js';
import { createResetToken, sendResetMail } from './reset.js';

const ACCOUNT_KEYS = new Set(['username', 'email', 'password', 'roles', 'groups', 'sendPasswordReset']);

/** CSV rows → the same objects a JSON POST sends (roles and groups split on commas). */
function csvUsers(form: FormBody): Record<string, unknown>[] {
  const file = form.get('file');
  if (!file) throw badRequest('No file uploaded (send the CSV as the form part "file").');
  const type = (file.contentType ?? '').split(';')[0].trim().toLowerCase();
  if (type !== 'text/csv' && type !== 'application/csv')
    throw badRequest('Uploaded file is not a valid CSV file.');
  let rows: string[][];
  try {
    rows = parseCsv(new TextDecoder('utf-8', { fatal: true }).decode(file.data));
  } catch (err) {
    throw badRequest(`Uploaded file is not a valid CSV file: ${(err as Error).message}.`);
  }
  const [header, ...data] = rows;
  if (!header || data.length === 0) throw badRequest('The CSV file has no users.');
  if (data.length > 10_000) throw badRequest('At most 10,000 users per CSV file.');
  return data.map((cells) => {
    const row: Record<string, unknown> = {};
    header.forEach((name, i) => {
      const value = (cells[i] ?? '').trim();
      if (!value) return;
      row[name.trim()] =
        name.trim() === 'roles' || name.trim() === 'groups'
          ? value
              .split(',')
              .map((v) => v.trim())
              .filter(Boolean)
          : value;
    });
    // The CSV's "id" column is the user name when no username is given.
    if (row.id !== undefined) {
      row.username ??= row.id;
      delete row.id;
    }
    return row;
  });
}

async function createUser(ctx: ServiceContext<WriteTx>, data: Record<string, unknown>) {
  const { site, tx } = ctx;
  const errors: FieldError[] = [];
  const unknown = Object.keys(data).filter(
    (k) => !ACCOUNT_KEYS.has(k) && !site.userFields.some((f) => f.name === k),
  );
  for (const k of unknown) errors.push({ field: k, message: `Property '${k}' is not allowed.` });
  // With e-mail as login (security control panel), the user name is the e-mail.
  if (
    data.username === undefined &&
    siteFlag(site, 'plone.use_email_as_login') &&
    typeof data.email === 'string'
  )
    data.username = data.email;
  const { username, email, password, sendPasswordReset } = data;
  if (!username) errors.push({ field: 'username', message: "Property 'username' is required." });
  else if (!validPrincipalId(username, 'user'))
    errors.push({ field: 'username', message: 'The user name may hold letters, digits and . _ @ + - only.' });
  if (!email) errors.push({ field: 'email', message: "Property 'email' is required." });
  if (sendPasswordReset !== undefined && typeof sendPasswordReset !== 'boolean')
    errors.push({ field: 'sendPasswordReset', message: "'sendPasswordReset' must be true or false." });
  if (password === undefined && !sendPasswordReset)
    errors.push({
      field: 'sendPasswordReset',
      message: 'You have to either send a password or sendPasswordReset.',
    });
  if (password !== undefined && sendPasswordReset)
    errors.push({
      field: 'sendPasswordReset',
      message: "You can't send both password and sendPasswordReset.",
    });
  const profile = applyProfile(site, { fullname: '', email: '', properties: {} }, data, errors);
  if (errors.length) throw fieldErrors(errors);
  const id = username as string;
  if (password !== undefined) checkPasswordPolicy(site, password, { id, login: id });

  const roles = data.roles === undefined ? ['Member'] : checkRoles(data.roles);
  refuseManagerChange(ctx, [], roles, id);
  const groups = data.groups === undefined ? [] : data.groups;
  if (!Array.isArray(groups) || !groups.every((g) => typeof g === 'string'))
    throw badRequest('"groups" must be a list of group ids.');
  if ((await tx.userById(id)) || (await tx.userByLogin(id)) || (await tx.groupById(id)))
    throw new TesseraError('BadRequest', `The login name you selected is already in use: ${id}.`, {
      extra: { type: 'MissingParameterError' },
    });
  for (const g of groups) {
    const group = await tx.groupById(g);
    if (!group || g === 'AuthenticatedUsers') throw badRequest(`No such group: ${g}.`);
    if (group.roles.includes('Manager') && !isManager(ctx.principal))
      throw forbidden("You can't add users to a group with the Manager role.");
  }
  const properties = profile.properties;
  if (data.portrait !== undefined) {
    const portrait = await portraitValue(tx, data.portrait);
    if (portrait) properties.portrait = portrait;
  }
  // A user created for a reset link gets a password nobody knows.
  const passwordHash = await hashPassword(typeof password === 'string' ? password : randomUUID());
  await tx.putUser({
    id,
    login: id,
    fullname: profile.fullname,
    email: String(email),
    passwordHash,
    roles,
    properties,
    tokenGen: newTokenGen(),
  });
  for (const g of groups) await tx.addMember(g, 'user', id);
  ctx.changedRegistry.users = true;
  ctx.log.info({ principal: ctx.principal.id, user: id, roles }, 'user created');
  if (sendPasswordReset) {
    const token = await createResetToken(ctx, id);
    const user = (await tx.userById(id))!;
    ctx.afterCommit(() => sendResetMail(ctx, user, token, 'welcome'));
  }
  return (await tx.userById(id))!;
}

export async function postUsers(ctx: ServiceContext<WriteTx>) {
  if (!canManageUsers(ctx.principal)) {
    // Self-registration (security control panel): anonymous visitors may
    // create their own account, as a plain Member.
    if (
      ctx.principal.id === null &&
      siteFlag(ctx.site, 'plone.enable_self_reg') &&
      !(ctx.body instanceof FormBody)
    )
      return selfRegister(ctx);
    if (ctx.principal.id === null) throw unauthorizedFlat(ctx);
    throw forbidden('You need the Manage users permission to add users.');
  }
  const url = requestUrl(ctx, '@users');
  if (ctx.body instanceof FormBody) {
    const rows = csvUsers(ctx.body);
    const items = [];
    for (const row of rows) items.push(await createUser(ctx, row));
    const body = [];
    for (const u of items) body.push(await serializeUser(ctx, u, url));
    return { status: 201, body: { items: body, items_total: body.length } };
  }
  const user = await createUser(ctx, bodyObject(ctx.body));
  return {
    status: 201,
    headers: { Location: `${ctx.urls.siteUrl}/@users/${encodeURIComponent(user.id)}` },
    body: await serializeUser(ctx, user, url),
  };
}

/**
 * An anonymous visitor registers (plone.enable_self_reg): no roles or groups
 * of its choosing; a password only when plone.enable_user_pwd_choice allows
 * it, else a reset mail sets it.
 */
async function selfRegister(ctx: ServiceContext<WriteTx>) {
  const data = { ...bodyObject(ctx.body) };
  for (const key of ['roles', 'groups'])
    if (data[key] !== undefined) {
      ctx.log.warn({ key }, 'self-registration: refused a privileged property');
      throw forbidden(`A self-registering user may not set "${key}".`);
    }
  if (siteFlag(ctx.site, 'plone.enable_user_pwd_choice')) {
    if (data.password === undefined) throw badRequest("Property 'password' is required.");
  } else {
    if (data.password !== undefined)
      throw badRequest('Passwords are set through the mailed link on this site.');
    data.sendPasswordReset = true;
  }
  const user = await createUser(ctx, data);
  return {
    status: 201,
    headers: { Location: `${ctx.urls.siteUrl}/@users/${encodeURIComponent(user.id)}` },
    body: { '@id': `${ctx.urls.siteUrl}/@users/${encodeURIComponent(user.id)}`, id: user.id },
  };
}
