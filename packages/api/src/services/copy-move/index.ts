// POST <target>/@copy and POST <target>/@move: copy or move one or many
// sources into the context folder, answering [{source, target}, …].
// https://6.docs.plone.org/plone.restapi/docs/source/endpoints/copymove.html
import { type ContentRecord, copyContent, moveContent, type WriteTx } from '@tessera/core';
import { fireContentRules } from '../../content-rules/fire.js';
import { assertUnlocked, requestLockToken } from '../../locking.js';
import type { ServiceContext, ServiceRegistry } from '../registry.js';
import { resolveSource, sourceList } from './sources.js';

async function paste(ctx: ServiceContext<WriteTx>, op: 'copy' | 'move') {
  const results: Array<{ source: string; target: string }> = [];
  // The target folder changes with every paste (its children): read it afresh each time.
  let target: ContentRecord = ctx.content;
  ctx.touched.add(target.uid);
  for (const ref of sourceList(ctx.body)) {
    const source = await resolveSource(ctx, ctx.tx, ref);
    const sourceUrl = ctx.urls.url(source.path);
    const input = {
      tx: ctx.tx,
      types: ctx.site.types,
      workflows: ctx.site.workflows,
      principal: ctx.principal,
      source,
      target,
    };
    let placed: ContentRecord;
    if (op === 'copy') placed = await copyContent(input);
    else {
      // A locked item stays where it is for anyone but its lock holder (423).
      await assertUnlocked(ctx.tx, source, ctx.principal, requestLockToken(ctx.req.headers));
      const moved = await moveContent(input);
      placed = moved.record;
      for (const uid of moved.uids) ctx.touched.add(uid);
      if (source.parentUid) ctx.touched.add(source.parentUid);
    }
    placed = await fireContentRules(ctx, op === 'copy' ? 'copied' : 'moved', placed);
    ctx.touched.add(placed.uid);
    results.push({ source: sourceUrl, target: ctx.urls.url(placed.path) });
    target = (await ctx.tx.byUid(target.uid)) ?? target;
  }
  return { status: 200, body: results };
}

export function registerCopyMove(services: ServiceRegistry) {
  // Adding to the target is what the context must allow; each source is
  // checked in core (Copy or Move, and Delete objects for a move). Pasting
  // into a locked folder is allowed, as adding to it is (locks: false); a
  // locked source cannot be moved away (checked above).
  services.add<WriteTx>({
    method: 'POST',
    name: '@copy',
    permission: 'Add portal content',
    locks: false,
    handler: (ctx) => paste(ctx, 'copy'),
  });
  services.add<WriteTx>({
    method: 'POST',
    name: '@move',
    permission: 'Add portal content',
    locks: false,
    handler: (ctx) => paste(ctx, 'move'),
  });
}
