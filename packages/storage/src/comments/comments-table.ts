// The comments table (migration 0014): reads and writes inside the caller's
// transaction. Site-wide listings join `objects` (so comments on trashed
// items stay out) and, for the security filter, `object_view`.
import type { CommentQuery, CommentRecord, CommentState, CommentStore, CommentWriter } from '@tessera/core';
import type { Kysely, Transaction } from 'kysely';
import { likeBelow } from '../moves/subtree.js';

type Db = Kysely<any> | Transaction<any>;

/** Keys per `in (…)` list: well under every engine's parameter limit. */
const CHUNK = 200;

function toComment(r: any): CommentRecord {
  return {
    uid: r.uid,
    commentId: r.comment_id,
    inReplyTo: r.in_reply_to ?? null,
    authorUsername: r.author_username ?? null,
    authorName: r.author_name ?? null,
    authorEmail: r.author_email ?? null,
    text: r.text,
    mimeType: r.mime_type,
    userNotification: r.user_notification == null ? null : Boolean(Number(r.user_notification)),
    state: r.state as CommentState,
    created: r.created,
    modified: r.modified,
  };
}

export class CommentsTable implements CommentStore {
  constructor(protected readonly db: Db) {}

  async list(uid: string): Promise<CommentRecord[]> {
    const rows = await this.db
      .selectFrom('comments')
      .selectAll()
      .where('uid', '=', uid)
      .orderBy('created')
      .orderBy('comment_id')
      .execute();
    return rows.map(toComment);
  }

  async get(uid: string, commentId: string): Promise<CommentRecord | undefined> {
    const row = await this.db
      .selectFrom('comments')
      .selectAll()
      .where('uid', '=', uid)
      .where('comment_id', '=', commentId)
      .executeTakeFirst();
    return row && toComment(row);
  }

  async query(q: CommentQuery) {
    const filtered = () => {
      let s = this.db.selectFrom('comments').innerJoin('objects', 'objects.uid', 'comments.uid');
      if (q.tokens !== null) {
        const tokens = q.tokens.length ? q.tokens : ['-'];
        s = s.where((eb: any) =>
          eb.exists(
            eb
              .selectFrom('object_view')
              .select('object_view.uid')
              .whereRef('object_view.uid', '=', 'comments.uid')
              .where('object_view.token', 'in', tokens),
          ),
        );
      }
      if (q.activeAt !== null) {
        const now = q.activeAt;
        s = s
          .where((eb: any) =>
            eb.or([eb('objects.effective', 'is', null), eb('objects.effective', '<=', now)]),
          )
          .where((eb: any) => eb.or([eb('objects.expires', 'is', null), eb('objects.expires', '>', now)]));
      }
      if (q.states) s = s.where('comments.state', 'in', q.states.length ? q.states : ['-']);
      if (!q.allStates)
        s = s.where((eb: any) =>
          q.author === null
            ? eb('comments.state', '=', 'published')
            : eb.or([eb('comments.state', '=', 'published'), eb('comments.author_username', '=', q.author)]),
        );
      if (q.under)
        s = s.where((eb: any) =>
          eb.or([eb('objects.path', '=', q.under), likeBelow('objects.path', q.under!)]),
        );
      return s;
    };
    const counted = await filtered()
      .select((eb: any) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    const dir = q.order === 'asc' ? 'asc' : 'desc';
    const rows = await filtered()
      .selectAll('comments')
      .select('objects.path as path')
      .orderBy('comments.created', dir)
      .orderBy('comments.comment_id', dir)
      .orderBy('comments.uid')
      .limit(q.limit)
      .offset(q.start)
      .execute();
    return {
      items: rows.map((r: any) => ({ ...toComment(r), path: r.path as string })),
      total: Number((counted as any).n),
    };
  }
}

export class CommentsWriter extends CommentsTable implements CommentWriter {
  async add(c: CommentRecord): Promise<void> {
    await this.db
      .insertInto('comments')
      .values({
        uid: c.uid,
        comment_id: c.commentId,
        in_reply_to: c.inReplyTo,
        author_username: c.authorUsername,
        author_name: c.authorName,
        author_email: c.authorEmail,
        text: c.text,
        mime_type: c.mimeType,
        user_notification: c.userNotification == null ? null : c.userNotification ? 1 : 0,
        state: c.state,
        created: c.created,
        modified: c.modified,
      })
      .execute();
  }

  async update(
    uid: string,
    commentId: string,
    patch: { text?: string; state?: CommentState; modified?: string },
  ): Promise<void> {
    const set: Record<string, string> = {};
    if (patch.text !== undefined) set.text = patch.text;
    if (patch.state !== undefined) set.state = patch.state;
    if (patch.modified !== undefined) set.modified = patch.modified;
    if (!Object.keys(set).length) return;
    await this.db
      .updateTable('comments')
      .set(set)
      .where('uid', '=', uid)
      .where('comment_id', '=', commentId)
      .execute();
  }

  async remove(uid: string, commentIds: string[]): Promise<void> {
    for (let i = 0; i < commentIds.length; i += CHUNK)
      await this.db
        .deleteFrom('comments')
        .where('uid', '=', uid)
        .where('comment_id', 'in', commentIds.slice(i, i + CHUNK))
        .execute();
  }

  async removeAllOf(uids: string[]): Promise<void> {
    await removeCommentsOf(this.db as Transaction<any>, uids);
  }
}

/** Drops every comment on these items (deleted or purged for good). */
export async function removeCommentsOf(db: Transaction<any>, uids: string[]): Promise<void> {
  for (let i = 0; i < uids.length; i += CHUNK)
    await db
      .deleteFrom('comments')
      .where('uid', 'in', uids.slice(i, i + CHUNK))
      .execute();
}
