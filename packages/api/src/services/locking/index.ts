// @lock: take (POST), read (GET), refresh (PATCH) and remove (DELETE) the
// edit lock of an object; @unlock and @refresh-lock are plone.restapi's
// older POST spellings. The lock check on writes is api/src/locking.ts.
// https://6.docs.plone.org/plone.restapi/docs/source/endpoints/locking.html
import {
  activeLock,
  badRequest,
  lockedError,
  newLockToken,
  type Principal,
  TesseraError,
  type WriteTx,
} from '@tessera/core';
import { lockInfo } from '../../locking.js';
import type { ServiceContext, ServiceRegistry } from '../registry.js';

function bodyObject(body: unknown): Record<string, unknown> {
  if (body === undefined || body === null || body === '') return {};
  if (typeof body !== 'object' || Array.isArray(body))
    throw badRequest('The request body must be a JSON object.');
  return body as Record<string, unknown>;
}

const info = (ctx: ServiceContext) => lockInfo(ctx.tx, ctx.content, ctx.urls, ctx.principal);

function lockable(ctx: ServiceContext) {
  if (!ctx.site.types.get(ctx.content.type)?.lockable)
    throw badRequest(`Items of type ${ctx.content.type} cannot be locked.`);
}

/** Who may remove someone else's lock: anyone who may edit, if stealable; administrators always. */
function maySteal(principal: Principal, stealable: boolean): boolean {
  return stealable || principal.roles.has('Manager') || principal.roles.has('Site Administrator');
}

async function take(ctx: ServiceContext<WriteTx>) {
  lockable(ctx);
  const body = bodyObject(ctx.body);
  if (body.stealable !== undefined && typeof body.stealable !== 'boolean')
    throw badRequest('"stealable" must be a boolean.');
  const timeout = body.timeout ?? ctx.site.config.lockTimeout;
  if (typeof timeout !== 'number' || !Number.isInteger(timeout) || timeout < 1 || timeout > 7 * 86_400)
    throw badRequest('"timeout" must be a whole number of seconds between 1 and 604800.');
  if (ctx.principal.id === null) throw new TesseraError('Unauthorized', 'Log in to lock an item.');
  const current = activeLock(await ctx.tx.lock(ctx.content.uid));
  // As plone.locking: someone else's lock stays; the answer shows it.
  if (current && current.creator !== ctx.principal.id) return { body: await info(ctx) };
  await ctx.tx.putLock({
    uid: ctx.content.uid,
    token: current?.token ?? newLockToken(),
    creator: ctx.principal.id,
    created: new Date().toISOString(),
    timeout,
    stealable: body.stealable !== false,
  });
  ctx.touched.add(ctx.content.uid);
  return { body: await info(ctx) };
}

async function refresh(ctx: ServiceContext<WriteTx>) {
  const current = activeLock(await ctx.tx.lock(ctx.content.uid));
  if (current && current.creator === ctx.principal.id) {
    await ctx.tx.putLock({ ...current, created: new Date().toISOString() });
    ctx.touched.add(ctx.content.uid);
  }
  return { body: await info(ctx) };
}

async function unlock(ctx: ServiceContext<WriteTx>) {
  const body = bodyObject(ctx.body);
  const stored = await ctx.tx.lock(ctx.content.uid);
  const current = activeLock(stored);
  if (current && current.creator !== ctx.principal.id) {
    // Someone else's lock: only on purpose (`force`), and only when allowed.
    if (body.force !== true || !maySteal(ctx.principal, current.stealable)) {
      const name = (await ctx.tx.userById(current.creator))?.fullname || current.creator;
      throw lockedError(current, name);
    }
  }
  if (stored && (await ctx.tx.deleteLock(ctx.content.uid))) ctx.touched.add(ctx.content.uid);
  return { body: await info(ctx) };
}

export function registerLocking(services: ServiceRegistry) {
  // Reading lock info needs View; changing locks needs the right to edit.
  // These services manage locks themselves, so the generic check is off.
  services.add({
    method: 'GET',
    name: '@lock',
    permission: 'View',
    handler: async (ctx) => ({ body: await info(ctx) }),
  });
  services.add<WriteTx>({
    method: 'POST',
    name: '@lock',
    permission: 'Modify portal content',
    locks: false,
    handler: take,
  });
  services.add<WriteTx>({
    method: 'PATCH',
    name: '@lock',
    permission: 'Modify portal content',
    locks: false,
    handler: refresh,
  });
  services.add<WriteTx>({
    method: 'DELETE',
    name: '@lock',
    permission: 'Modify portal content',
    locks: false,
    handler: unlock,
  });
  services.add<WriteTx>({
    method: 'POST',
    name: '@unlock',
    permission: 'Modify portal content',
    locks: false,
    handler: unlock,
  });
  services.add<WriteTx>({
    method: 'POST',
    name: '@refresh-lock',
    permission: 'Modify portal content',
    locks: false,
    handler: refresh,
  });
}
