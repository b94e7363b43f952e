// Posting, editing, deleting and moderating one comment (the write side of
// @comments), each inside the request's one transaction.
import {
  badRequest,
  COMMENT_ID,
  type CommentRecord,
  type ContentRecord,
  commentTransition,
  forbidden,
  newCommentId,
  notFound,
  type Principal,
  ploneDate,
  type TesseraError,
  unauthorized,
  type WriteTx,
  withReplies,
} from '@tessera/core';
import { discussionAllowed, discussionSettings } from '../../settings/discussion.js';
import type { ServiceContext } from '../registry.js';
import { canDelete, canEdit, canReply, moderates, seesComment } from './access.js';
import { readCommentEdit, readNewComment } from './input.js';
import { assertRoomFor, throttleAnonymous } from './limits.js';

/** Plone raises Unauthorized: a 401 for anonymous visitors (log in and try again), a 403 for members. */
export const refuse = (p: Principal, message: string): TesseraError =>
  p.id === null ? unauthorized(message) : forbidden(message);

/** The comment named in the URL, if it exists and the principal may see it (else 404). */
export async function visibleComment(ctx: ServiceContext, item: ContentRecord, id: string | undefined) {
  if (!id) throw badRequest('Comment id is a required part of the url');
  const c = COMMENT_ID.test(id) ? await ctx.tx.comments.get(item.uid, id) : undefined;
  if (!c || !seesComment(ctx.principal, item, c)) throw notFound(`No comment "${id}" here.`);
  return c;
}

/** POST @comments[/<id>]: a new comment, or a reply to comment <id>; returns its id. */
export async function addComment(ctx: ServiceContext<WriteTx>, replyTo: string | undefined): Promise<string> {
  const item = ctx.content;
  const settings = discussionSettings(ctx.site);
  const p = ctx.principal;
  if (!discussionAllowed(ctx.site, item))
    throw refuse(p, 'Discussion is not enabled for this content object.');
  const parent = replyTo === undefined ? undefined : await visibleComment(ctx, item, replyTo);
  if (!canReply(ctx.site, settings, p, item, parent))
    throw refuse(
      p,
      p.id === null
        ? 'Anonymous comments are not enabled on this site: log in to comment.'
        : 'You may not comment here.',
    );
  const input = readNewComment(ctx.body);
  let authorName: string | null;
  let authorEmail: string | null;
  if (p.id === null) {
    if (settings.anonymousEmailEnabled && !input.authorEmail) throw badRequest('"author_email" is required.');
    authorName = input.authorName ?? null;
    authorEmail = input.authorEmail ?? null;
  } else {
    // A member comments under their own name, whatever the body says (as plone.app.discussion does).
    const user = await ctx.tx.userById(p.id);
    authorName = user?.fullname || p.fullname || p.id;
    authorEmail = user?.email || null;
  }
  const existing = await ctx.tx.comments.list(item.uid);
  assertRoomFor(existing.length);
  // Counted once the comment is otherwise acceptable: refused input costs no share.
  if (p.id === null) throttleAnonymous(ctx);
  const now = new Date();
  const comment: CommentRecord = {
    uid: item.uid,
    commentId: newCommentId(
      existing.map((c) => c.commentId),
      now.getTime(),
    ),
    inReplyTo: parent?.commentId ?? null,
    authorUsername: p.id,
    authorName,
    authorEmail,
    text: input.text,
    mimeType: settings.textTransform,
    userNotification: p.id === null ? null : (input.userNotification ?? null),
    state: settings.moderationEnabled ? 'pending' : 'published',
    created: ploneDate(now),
    modified: ploneDate(now),
  };
  await ctx.tx.comments.add(comment);
  return comment.commentId;
}

/** PATCH @comments/<id>: new text for a comment one may edit. */
export async function editComment(ctx: ServiceContext<WriteTx>, id: string | undefined): Promise<void> {
  const item = ctx.content;
  const c = await visibleComment(ctx, item, id);
  if (!canEdit(discussionSettings(ctx.site), ctx.principal, item, c))
    throw refuse(ctx.principal, 'You may not edit this comment.');
  const text = readCommentEdit(ctx.body);
  await ctx.tx.comments.update(item.uid, c.commentId, { text, modified: ploneDate(new Date()) });
}

/** DELETE @comments/<id>: the comment and every reply below it, as Plone deletes a thread. */
export async function deleteComment(ctx: ServiceContext<WriteTx>, id: string | undefined): Promise<void> {
  const item = ctx.content;
  const c = await visibleComment(ctx, item, id);
  const all = await ctx.tx.comments.list(item.uid);
  const hasReplies = all.some((o) => o.inReplyTo === c.commentId);
  if (!canDelete(discussionSettings(ctx.site), ctx.principal, item, c, hasReplies))
    throw refuse(ctx.principal, 'You may not delete this comment.');
  await ctx.tx.comments.remove(item.uid, withReplies(all, c.commentId));
}

/** POST @comments/<id>/@workflow/<transition>: moderation (comment_review_workflow). */
export async function transitionComment(ctx: ServiceContext<WriteTx>, id: string, transition: string) {
  const item = ctx.content;
  const c = await visibleComment(ctx, item, id);
  if (!moderates(ctx.principal, item)) throw refuse(ctx.principal, 'Only moderators may review comments.');
  const to = commentTransition(c.state, transition);
  if (!to) throw badRequest(`Invalid transition "${transition}" for a comment in state "${c.state}".`);
  const time = ploneDate(new Date());
  await ctx.tx.comments.update(item.uid, c.commentId, { state: to });
  return { action: transition, actor: ctx.principal.id, comments: '', review_state: to, time };
}
