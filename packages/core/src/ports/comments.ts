// What the Storage port keeps for discussion (migration 0014): the comments
// on content items, keyed by the item's UID and the comment's id, as
// plone.app.discussion keeps a conversation per item (docs/comments.md).

/** comment_review_workflow's states; comment_one_state_workflow uses 'published' only. */
export type CommentState = 'pending' | 'published' | 'rejected' | 'spam';

export interface CommentRecord {
  /** The commented item's UID. */
  uid: string;
  /** plone.app.discussion's id: microseconds since the epoch, as digits. */
  commentId: string;
  /** The comment this one answers, or null for a thread's first comment. */
  inReplyTo: string | null;
  /** The member's user id, null for an anonymous comment. */
  authorUsername: string | null;
  authorName: string | null;
  authorEmail: string | null;
  /** As the commenter sent it; rendered on output (discussion/text.ts). */
  text: string;
  /** The text transform in force when it was posted (text/plain, text/x-web-intelligent…). */
  mimeType: string;
  userNotification: boolean | null;
  state: CommentState;
  created: string;
  modified: string;
}

/** A moderation listing: comments on items one of `tokens` may View (null: any item). */
export interface CommentQuery {
  tokens: string[] | null;
  /** Only on items whose publication window is open at this ISO instant (null: any). */
  activeAt: string | null;
  /** Only these states; absent: every state. */
  states?: CommentState[];
  /**
   * Non-published comments only when the reader moderates (`allStates`), or
   * wrote them (`author`). Applied after `states`.
   */
  allStates: boolean;
  author: string | null;
  /** Only on items at or below this site-relative path. */
  under?: string;
  /** Newest first unless 'asc'. */
  order?: 'asc' | 'desc';
  start: number;
  limit: number;
}

export interface CommentStore {
  /** Every comment on an item, oldest first. */
  list(uid: string): Promise<CommentRecord[]>;
  get(uid: string, commentId: string): Promise<CommentRecord | undefined>;
  /** Comments across items (moderation, @search) with the path of their item, and the total. */
  query(q: CommentQuery): Promise<{ items: Array<CommentRecord & { path: string }>; total: number }>;
}

export interface CommentWriter extends CommentStore {
  add(c: CommentRecord): Promise<void>;
  update(
    uid: string,
    commentId: string,
    patch: { text?: string; state?: CommentState; modified?: string },
  ): Promise<void>;
  /** Removes these comments of one item. */
  remove(uid: string, commentIds: string[]): Promise<void>;
  /** Removes every comment on these items (they are deleted for good). */
  removeAllOf(uids: string[]): Promise<void>;
}
