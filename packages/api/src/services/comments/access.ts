// Who may see, post, edit, delete and moderate comments, after
// plone.app.discussion's rolemap and comment workflows (docs/comments.md).
// A comment has no security of its own here: it takes its item's (local
// roles included), its author counts as its Owner, and its state decides who
// sees it.
import { type CommentRecord, type ContentRecord, can, type Principal } from '@tessera/core';
import { type DiscussionSettings, discussionAllowed } from '../../settings/discussion.js';
import type { Site } from '../../site.js';

/** Moderators: "Review comments" on the item (Manager, Site Administrator, Reviewer). */
export const moderates = (p: Principal, item: ContentRecord) => can(p, 'Review comments', item);

const isAuthor = (p: Principal, c: CommentRecord) => p.id !== null && c.authorUsername === p.id;

/**
 * Published comments are for whoever may view the item and its comments;
 * the others (pending, rejected, spam) for moderators, and a pending one
 * also for its author (comment_review_workflow gives Owner View on it).
 */
export function seesComment(p: Principal, item: ContentRecord, c: CommentRecord): boolean {
  if (c.state === 'published') return true;
  if (moderates(p, item)) return true;
  return c.state === 'pending' && isAuthor(p, c);
}

/**
 * "Reply to item": Authenticated by default; Anonymous too when anonymous
 * comments are on (Plone's control panel grants it then). Only where
 * discussion is allowed, and never to a comment still pending (its state
 * takes the permission away).
 */
export function canReply(
  site: Site,
  s: DiscussionSettings,
  p: Principal,
  item: ContentRecord,
  to?: CommentRecord,
): boolean {
  if (!discussionAllowed(site, item)) return false;
  if (to && to.state !== 'published') return false;
  if (p.id === null) return s.anonymousComments;
  return can(p, 'Reply to item', item);
}

/** is_editable: editing is on, and "Edit comments" — moderators, the item's owner, the author. */
export function canEdit(s: DiscussionSettings, p: Principal, item: ContentRecord, c: CommentRecord): boolean {
  return s.editCommentEnabled && (isAuthor(p, c) || can(p, 'Edit comments', item));
}

/**
 * is_deletable: "Delete comments" (moderators), or, when deleting own
 * comments is on, the author of a comment nobody has replied to yet
 * (plone.app.discussion's @@delete-own-comment).
 */
export function canDelete(
  s: DiscussionSettings,
  p: Principal,
  item: ContentRecord,
  c: CommentRecord,
  hasReplies: boolean,
): boolean {
  if (can(p, 'Delete comments', item)) return true;
  return s.deleteOwnCommentEnabled && isAuthor(p, c) && !hasReplies;
}
