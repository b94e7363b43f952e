// @comments: plone.app.discussion's comments on an item, as plone.restapi
// exposes them (list, add, reply, edit, delete), plus moderation transitions.
// See docs/comments.md and docs/decisions/0034-comments.md.
import { can, notFound, threadOrder, type WriteTx } from '@tessera/core';
import { batchingLinks, readBatch } from '../../serializers/batching.js';
import { discussionSettings } from '../../settings/discussion.js';
import { rawQueryOf } from '../content/serialize.js';
import type { ServiceContext, ServiceRegistry } from '../registry.js';
import { canReply, seesComment } from './access.js';
import { registerRemovedConversations } from './conversations.js';
import { AuthorImages, type CommentScope, commentJson, commentsUrl } from './serialize.js';
import { addComment, deleteComment, editComment, transitionComment, visibleComment } from './write.js';

/** The comment id after @comments (a trailing slash is no id). */
const argsOf = (ctx: ServiceContext) => ctx.args.filter((a, i) => a !== '' || i < ctx.args.length - 1);

const scopeOf = (ctx: ServiceContext): CommentScope => ({ ...ctx, settings: discussionSettings(ctx.site) });

async function listComments(ctx: ServiceContext) {
  const scope = scopeOf(ctx);
  const item = ctx.content;
  const viewComments = can(ctx.principal, 'View comments', item);
  const all = await ctx.tx.comments.list(item.uid);
  const visible = threadOrder(all.filter((c) => seesComment(ctx.principal, item, c)));
  const batch = readBatch(ctx.query, {
    size: ctx.site.config.defaultBatchSize,
    max: ctx.site.config.maxBatchSize,
  });
  const selfUrl = commentsUrl(ctx.urls, item);
  const images = new AuthorImages(scope);
  const page = viewComments ? visible.slice(batch.start, batch.start + batch.size) : [];
  const batching = viewComments ? batchingLinks(selfUrl, rawQueryOf(ctx), batch, visible.length) : undefined;
  const items = [];
  for (const c of page) items.push(await commentJson(scope, item, c, all, images));
  return {
    '@id': selfUrl,
    items,
    // Without "View comments" not even how many there are.
    items_total: viewComments ? visible.length : 0,
    permissions: {
      can_reply: canReply(ctx.site, scope.settings, ctx.principal, item),
      view_comments: viewComments,
    },
    ...(batching ? { batching } : {}),
  };
}

export function registerComments(services: ServiceRegistry) {
  registerRemovedConversations(services);
  services.add({
    method: 'GET',
    name: '@comments',
    permission: 'View',
    takesArgs: true,
    async handler(ctx) {
      const args = argsOf(ctx);
      if (args.length === 0) return { body: await listComments(ctx) };
      if (args.length > 1) throw notFoundHere();
      if (!can(ctx.principal, 'View comments', ctx.content)) throw notFound(`No comment "${args[0]}" here.`);
      const c = await visibleComment(ctx, ctx.content, args[0]);
      const all = await ctx.tx.comments.list(ctx.content.uid);
      return { body: await commentJson(scopeOf(ctx), ctx.content, c, all, new AuthorImages(scopeOf(ctx))) };
    },
  });

  services.add<WriteTx>({
    method: 'POST',
    name: '@comments',
    // As plone.restapi: View here; who may comment is decided in the handler (discussion/access).
    permission: 'View',
    // Commenting does not edit the item: a lock on it does not stop comments.
    locks: false,
    takesArgs: true,
    async handler(ctx) {
      const args = argsOf(ctx);
      if (args.length === 3 && args[1] === '@workflow')
        return { body: await transitionComment(ctx, args[0]!, args[2]!) };
      if (args.length > 1) throw notFoundHere();
      const id = await addComment(ctx, args[0]);
      return { status: 204, headers: { Location: `${commentsUrl(ctx.urls, ctx.content)}/${id}` } };
    },
  });

  services.add<WriteTx>({
    method: 'PATCH',
    name: '@comments',
    permission: 'View',
    locks: false,
    takesArgs: true,
    async handler(ctx) {
      const args = argsOf(ctx);
      if (args.length > 1) throw notFoundHere();
      await editComment(ctx, args[0]);
      return { status: 204, headers: { Location: `${commentsUrl(ctx.urls, ctx.content)}/${args[0]}` } };
    },
  });

  services.add<WriteTx>({
    method: 'DELETE',
    name: '@comments',
    permission: 'View',
    locks: false,
    takesArgs: true,
    async handler(ctx) {
      const args = argsOf(ctx);
      if (args.length > 1) throw notFoundHere();
      await deleteComment(ctx, args[0]);
      return { status: 204 };
    },
  });
}

const notFoundHere = () => notFound('Not found.');
