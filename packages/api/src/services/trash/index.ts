// @trash: Tessera's own endpoint (plone.restapi has none) for what DELETE
// moved into the trash — list, look at one entry, restore, purge.
// See docs/trash.md for the wire format and docs/decisions/0031-trash.md.
import { badRequest, notFound, TesseraError, type WriteTx } from '@tessera/core';
import { batchingLinks, readBatch } from '../../serializers/batching.js';
import { rawQueryOf, serializeFor } from '../content/serialize.js';
import type { ServiceContext, ServiceRegistry } from '../registry.js';
import { mayRestore, requireUser, seesEntry, tokensFor } from './access.js';
import { entryJson } from './entry-json.js';
import { restoreEntry } from './restore.js';

/** The entry named by the first argument, if the principal may see it (else 404: not even its existence leaks). */
async function visibleEntry(ctx: ServiceContext, uid: string) {
  const entry = await ctx.tx.trashEntry(uid);
  if (!entry || !seesEntry(ctx.principal, entry.view)) throw notFound(`No trash entry "${uid}".`);
  return entry;
}

export function registerTrash(services: ServiceRegistry) {
  services.add({
    method: 'GET',
    name: '@trash',
    permission: 'View',
    takesArgs: true,
    async handler(ctx) {
      requireUser(ctx.principal);
      if (ctx.args.length > 1) throw notFound('Not found.');
      if (ctx.args.length === 1) {
        const entry = await visibleEntry(ctx, ctx.args[0]!);
        return {
          body: await entryJson(ctx.tx, ctx.urls, entry, { can_restore: mayRestore(ctx.principal, entry) }),
        };
      }
      const batch = readBatch(ctx.query, {
        size: ctx.site.config.defaultBatchSize,
        max: ctx.site.config.maxBatchSize,
      });
      const { items, total } = await ctx.tx.trashEntries({
        tokens: tokensFor(ctx.principal),
        under: ctx.content.path,
        start: batch.start,
        limit: batch.size,
      });
      const selfUrl = `${ctx.urls.url(ctx.content.path)}/@trash`;
      const batching = batchingLinks(selfUrl, rawQueryOf(ctx), batch, total);
      return {
        body: {
          '@id': selfUrl,
          items: await Promise.all(items.map((e) => entryJson(ctx.tx, ctx.urls, e))),
          items_total: total,
          ...(batching ? { batching } : {}),
        },
      };
    },
  });

  services.add<WriteTx>({
    method: 'POST',
    name: '@trash',
    // Checked in the handler: who may restore (access.ts) and Add portal content on the target.
    permission: 'View',
    takesArgs: true,
    async handler(ctx) {
      requireUser(ctx.principal);
      if (ctx.args.length !== 2 || ctx.args[1] !== 'restore')
        throw badRequest('Restore with POST …/@trash/{uid}/restore.');
      const entry = await visibleEntry(ctx, ctx.args[0]!);
      if (!mayRestore(ctx.principal, entry))
        throw new TesseraError(
          'Forbidden',
          'You may not restore this item: only who deleted it, who may delete it, or a site administrator may.',
        );
      const { root, uids, target } = await restoreEntry(ctx, entry);
      for (const uid of uids) ctx.touched.add(uid);
      ctx.touched.add(target.uid);
      const { body } = await serializeFor(ctx, root, false, target);
      return { status: 200, body, headers: { Location: ctx.urls.url(root.path) } };
    },
  });

  services.add<WriteTx>({
    method: 'DELETE',
    name: '@trash',
    // Purging for good is for site administrators.
    permission: 'Manage portal',
    takesArgs: true,
    async handler(ctx) {
      if (ctx.args.length > 1) throw notFound('Not found.');
      if (ctx.args.length === 1) {
        await visibleEntry(ctx, ctx.args[0]!);
        await ctx.tx.purgeTrash({ uids: [ctx.args[0]!] });
        return { status: 204 };
      }
      if (ctx.content.path === '') await ctx.tx.purgeTrash({ all: true });
      else {
        // Emptying from a folder: what was deleted from below it.
        const uids: string[] = [];
        for (let start = 0; ; start += 1000) {
          const { items } = await ctx.tx.trashEntries({
            tokens: null,
            under: ctx.content.path,
            start,
            limit: 1000,
          });
          uids.push(...items.map((e) => e.uid));
          if (items.length < 1000) break;
        }
        await ctx.tx.purgeTrash({ uids });
      }
      return { status: 204 };
    },
  });
}
