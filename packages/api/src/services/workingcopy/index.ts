// @workingcopy: plone.app.iterate's check-out (POST), status (GET), check-in
// (PATCH) and cancel (DELETE), on the baseline or on its working copy.
// https://6.docs.plone.org/plone.restapi/docs/source/endpoints/workingcopy.html
// Permissions: docs/working-copy.md.

import {
  type ContentRecord,
  can,
  cancelCheckout,
  checkIn,
  checkOut,
  TesseraError,
  type WorkingCopyPair,
  type WriteTx,
  workingCopyPair,
} from '@tessera/core';
import { workingCopyKeys } from '../../serializers/working-copy.js';
import { versionOnSave } from '../history/versioning.js';
import type { ServiceContext, ServiceRegistry } from '../registry.js';

async function pairOf(ctx: ServiceContext<WriteTx>): Promise<WorkingCopyPair> {
  const pair = await workingCopyPair(ctx.tx, ctx.content);
  if (!pair) throw new TesseraError('NotFound', 'This item has no working copy.');
  return pair;
}

function touch(ctx: ServiceContext, ...recs: ContentRecord[]) {
  for (const r of recs) {
    ctx.touched.add(r.uid);
    if (r.parentUid) ctx.touched.add(r.parentUid);
  }
}

/** The check-in comment: `message` (or `comment`) in the body; Plone's own service sends none. */
function checkinMessage(body: unknown): string {
  if (body === undefined || body === null) return '';
  if (typeof body !== 'object' || Array.isArray(body))
    throw new TesseraError('BadRequest', 'The request body must be a JSON object.');
  const b = body as Record<string, unknown>;
  const message = b.message ?? b.comment ?? '';
  if (typeof message !== 'string')
    throw new TesseraError('BadRequest', 'The check-in message must be a string.');
  return message;
}

export function registerWorkingCopy(services: ServiceRegistry) {
  services.add({
    method: 'GET',
    name: '@workingcopy',
    permission: 'View',
    async handler(ctx) {
      const { working_copy, working_copy_of } = await workingCopyKeys(ctx, ctx.content);
      return { body: { working_copy, working_copy_of } };
    },
  });

  // plone.app.iterate's "Check out content" goes to those who may edit: Modify portal content.
  services.add<WriteTx>({
    method: 'POST',
    name: '@workingcopy',
    permission: 'Modify portal content',
    async handler(ctx) {
      const wc = await checkOut({
        tx: ctx.tx,
        baseline: ctx.content,
        principal: ctx.principal,
        workflows: ctx.site.workflows,
        rootId: ctx.site.config.siteId,
      });
      touch(ctx, ctx.content, wc);
      // plone.restapi answers with the baseline as Location and the copy as @id.
      return {
        status: 201,
        body: { '@id': ctx.urls.url(wc.path) },
        headers: { Location: ctx.urls.url(ctx.content.path) },
      };
    },
  });

  // Check-in replaces the baseline: it needs Modify on the baseline too when
  // called on the working copy (which its owner may always edit).
  services.add<WriteTx>({
    method: 'PATCH',
    name: '@workingcopy',
    permission: 'Modify portal content',
    async handler(ctx) {
      const message = checkinMessage(ctx.body);
      const pair = await pairOf(ctx);
      if (!can(ctx.principal, 'Modify portal content', pair.baseline))
        throw new TesseraError('Forbidden', 'Check-in not allowed: you may not edit the original.');
      const updated = await checkIn({ tx: ctx.tx, pair });
      await ctx.tx.setTransactionNote(message);
      // The check-in is a new version of the baseline, with its comment (@history).
      await versionOnSave(ctx, updated, { note: message || 'Checked in' });
      touch(ctx, pair.baseline, pair.wc);
      return { status: 204 };
    },
  });

  // Cancel: removing the working copy needs Modify (its owner) or Delete on it.
  services.add<WriteTx>({
    method: 'DELETE',
    name: '@workingcopy',
    permission: 'View',
    async handler(ctx) {
      const pair = await pairOf(ctx);
      if (
        !can(ctx.principal, 'Modify portal content', pair.wc) &&
        !can(ctx.principal, 'Delete objects', pair.wc)
      )
        throw new TesseraError(
          ctx.principal.id ? 'Forbidden' : 'Unauthorized',
          'Cancelling the check-out is not allowed.',
        );
      for (const uid of await cancelCheckout(ctx.tx, pair)) ctx.touched.add(uid);
      touch(ctx, pair.baseline, pair.wc);
      return { status: 204 };
    },
  });
}
