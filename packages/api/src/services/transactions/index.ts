// @transactions: the undo log of Volto's Undo panel, newest first, from the
// `transactions` table every write records (who, when, the note, the path it
// acted on) with the bytes of the object revisions it wrote.
// Undo (PATCH) is refused with a 400: see docs/site-admin.md for why.
// https://6.docs.plone.org/plone.restapi/docs/source/endpoints/transactions.html
import { TesseraError, type TransactionLogEntry } from '@tessera/core';
import { requireSiteRoot } from '../../settings/store.js';
import type { ServiceRegistry } from '../registry.js';

/** Plone lists every transaction; a large site has millions, so the log is capped. */
export const DEFAULT_LIMIT = 1000;
export const MAX_LIMIT = 10_000;

/** An opaque id like the ZODB's: the tid as 8 big-endian bytes, in base64. */
export function transactionId(tid: number): string {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(BigInt(tid));
  return b.toString('base64');
}

function limitOf(raw: unknown): number {
  if (raw === undefined) return DEFAULT_LIMIT;
  const n = typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isInteger(n) || n < 1 || n > MAX_LIMIT)
    throw new TesseraError('BadRequest', `limit must be a whole number from 1 to ${MAX_LIMIT}.`);
  return n;
}

function entry(t: TransactionLogEntry) {
  return {
    // Where it happened and what it was, as Plone's "<path> <note>".
    description: [t.path || '/', t.note].filter(Boolean).join(' '),
    id: transactionId(t.tid),
    size: t.bytes,
    time: t.at,
    // Empty for the system (site creation, upgrades): Volto shows "Zope".
    username: t.principal ?? '',
  };
}

export function registerTransactions(services: ServiceRegistry) {
  services.add({
    method: 'GET',
    name: '@transactions',
    // cmf.ListUndoableChanges in plone.restapi; the log shows every user's changes.
    permission: 'Manage portal',
    async handler(ctx) {
      requireSiteRoot(ctx, '@transactions');
      const { items } = await ctx.tx.siteAdmin().transactionLog({ limit: limitOf(ctx.query.limit) });
      return { body: items.map(entry) };
    },
  });

  services.add({
    method: 'PATCH',
    name: '@transactions',
    writes: false,
    locks: false,
    permission: 'Manage portal',
    async handler(ctx) {
      requireSiteRoot(ctx, '@transactions');
      const body = ctx.body as Record<string, unknown> | undefined;
      const ids = body?.transaction_ids;
      if (!Array.isArray(ids) || ids.length === 0 || ids.some((i) => typeof i !== 'string'))
        throw new TesseraError('BadRequest', 'transaction_ids must be a non-empty list of transaction ids.');
      throw new TesseraError(
        'BadRequest',
        'Undoing transactions is not supported by Tessera: revert an item to an earlier version through its history (@history) instead.',
      );
    },
  });
}
