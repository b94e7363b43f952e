// @history: the list of changes (GET), one version as it was (GET
// @history/<n>), a field-level diff of two versions (GET
// @history/<a>/diff/<b>, ours) and revert (PATCH {"version": n}).
// https://6.docs.plone.org/plone.restapi/docs/source/endpoints/history.html
import {
  badRequest,
  type ContentRecord,
  diffData,
  notFound,
  ploneDate,
  revertedData,
  type StoredVersion,
  saveVersion,
  type WriteTx,
  windowOf,
} from '@tessera/core';
import { serializeFor } from '../content/serialize.js';
import type { ServiceContext, ServiceRegistry } from '../registry.js';
import { historyEntries } from './entries.js';

/** Parses a version name: a number, or "current" for the object as it is now. */
function versionArg(arg: string): number | 'current' {
  if (arg === 'current') return 'current';
  if (!/^\d{1,9}$/.test(arg)) throw badRequest(`"${arg}" is not a version number.`);
  return Number(arg);
}

async function loadVersion(ctx: ServiceContext, n: number): Promise<StoredVersion> {
  const v = await ctx.tx.version(ctx.content.uid, n);
  if (!v) throw notFound(`${ctx.urls.url(ctx.content.path)} has no version ${n}.`);
  return v;
}

/** The object as it was at a version: its stored data under today's identity and place. */
function asOf(content: ContentRecord, v: StoredVersion): ContentRecord {
  return { ...content, data: v.data, modified: ploneDate(new Date(v.at)) };
}

async function getVersion(ctx: ServiceContext, n: number) {
  const v = await loadVersion(ctx, n);
  const { body } = await serializeFor(ctx, asOf(ctx.content, v), false);
  body.version = n;
  return { body };
}

async function getDiff(ctx: ServiceContext, a: number | 'current', b: number | 'current') {
  const side = async (n: number | 'current') => {
    if (n === 'current') return { data: ctx.content.data, meta: { version: 'current' } };
    const v = await loadVersion(ctx, n);
    return { data: v.data, meta: { version: v.version, time: ploneDate(new Date(v.at)), actor: v.actor } };
  };
  const from = await side(a);
  const to = await side(b);
  return {
    body: {
      '@id': `${ctx.urls.url(ctx.content.path)}/@history/${a}/diff/${b}`,
      from: from.meta,
      to: to.meta,
      changes: diffData(from.data, to.data),
    },
  };
}

async function revert(ctx: ServiceContext<WriteTx>) {
  const body = ctx.body as Record<string, unknown> | undefined;
  const raw = body && typeof body === 'object' ? body.version : undefined;
  const n = typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : raw;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0)
    throw badRequest('Send {"version": <number>} to revert to that version.');
  const v = await loadVersion(ctx, n);
  const data = revertedData(ctx.content.data, v.data);
  const updated = await ctx.tx.update(ctx.content.uid, {
    data,
    modified: ploneDate(new Date()),
    window: windowOf(data),
  });
  // The revert is itself a version, so it can be undone the same way.
  await saveVersion(ctx.tx, updated, { actor: ctx.principal.id, comment: `Restored from version ${n}` });
  ctx.touched.add(updated.uid);
  if (updated.parentUid) ctx.touched.add(updated.parentUid);
  const title = (updated.data.title as string | undefined) || updated.id;
  return { body: { message: `${title} has been reverted to revision ${n}.` } };
}

export function registerHistory(services: ServiceRegistry) {
  services.add({
    method: 'GET',
    name: '@history',
    // CMFEditions' permission: owners, editors, reviewers and administrators.
    permission: 'CMFEditions: Access previous versions',
    takesArgs: true,
    async handler(ctx) {
      const [first, op, second, ...rest] = ctx.args;
      if (first === undefined) return { body: await historyEntries(ctx) };
      if (op === undefined) {
        const n = versionArg(first);
        if (n === 'current') return { body: (await serializeFor(ctx, ctx.content, false)).body };
        return getVersion(ctx, n);
      }
      if (op !== 'diff' || second === undefined || rest.length)
        throw notFound(`Unknown history view; use @history/<version> or @history/<a>/diff/<b>.`);
      return getDiff(ctx, versionArg(first), versionArg(second));
    },
  });
  services.add<WriteTx>({
    method: 'PATCH',
    name: '@history',
    permission: 'CMFEditions: Revert to previous versions',
    handler: revert,
  });
}
