// The wire form of comments (plone.restapi's CommentSerializer and
// ConversationSerializer): https://6.docs.plone.org/plone.restapi/docs/source/endpoints/comments.html
import {
  type CommentRecord,
  type ContentRecord,
  commentTextJson,
  type Principal,
  type ReadTx,
} from '@tessera/core';
import type { DiscussionSettings } from '../../settings/discussion.js';
import type { Site } from '../../site.js';
import type { SiteUrls } from '../../traversal.js';
import { canDelete, canEdit, canReply } from './access.js';

export interface CommentScope {
  site: Site;
  tx: ReadTx;
  urls: SiteUrls;
  principal: Principal;
  settings: DiscussionSettings;
}

export const commentsUrl = (urls: SiteUrls, item: ContentRecord) => `${urls.url(item.path)}/@comments`;

/** Portrait URLs of comment authors, looked up once per user and request. */
export class AuthorImages {
  private readonly known = new Map<string, string | null>();
  constructor(private readonly scope: CommentScope) {}

  async of(userId: string | null): Promise<string | null> {
    if (userId === null) return null;
    if (!this.known.has(userId)) {
      const user = await this.scope.tx.userById(userId);
      this.known.set(
        userId,
        user?.properties.portrait
          ? `${this.scope.urls.url('')}/@portrait/${encodeURIComponent(userId)}`
          : null,
      );
    }
    return this.known.get(userId)!;
  }
}

/** One comment; `siblings` are the item's comments (to know whether it has replies). */
export async function commentJson(
  scope: CommentScope,
  item: ContentRecord,
  c: CommentRecord,
  siblings: readonly CommentRecord[],
  images: AuthorImages,
) {
  const base = commentsUrl(scope.urls, item);
  const hasReplies = siblings.some((s) => s.inReplyTo === c.commentId);
  return {
    '@id': `${base}/${c.commentId}`,
    '@parent': c.inReplyTo ? `${base}/${c.inReplyTo}` : null,
    '@type': 'Discussion Item',
    author_image: await images.of(c.authorUsername),
    author_name: c.authorName,
    author_username: c.authorUsername,
    can_reply: canReply(scope.site, scope.settings, scope.principal, item, c),
    comment_id: c.commentId,
    creation_date: c.created,
    in_reply_to: c.inReplyTo,
    is_deletable: canDelete(scope.settings, scope.principal, item, c, hasReplies),
    is_editable: canEdit(scope.settings, scope.principal, item, c),
    modification_date: c.modified,
    text: commentTextJson(c.text, c.mimeType),
    user_notification: c.userNotification,
  };
}
