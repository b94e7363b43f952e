// What DELETE on content does: move the subtree into the trash, or, with
// `trashDays: 0`, destroy it as before (docs/trash.md).
import type { WriteTx } from '@tessera/core';
import type { ServiceContext } from '../registry.js';

const DAY_MS = 86_400_000;

export function trashOrDelete(ctx: ServiceContext<WriteTx>): Promise<string[]> {
  const days = ctx.site.config.trashDays;
  if (days <= 0) return ctx.tx.deleteTree(ctx.content.uid);
  const now = Date.now();
  return ctx.tx.trashTree(ctx.content.uid, {
    deletedBy: ctx.principal.id,
    deletedAt: new Date(now).toISOString(),
    expiresAt: new Date(now + days * DAY_MS).toISOString(),
  });
}
