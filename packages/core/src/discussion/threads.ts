// A conversation as plone.app.discussion's getThreads() walks it: each
// thread's first comment followed by its replies, depth first, siblings in
// the order they were posted.
import type { CommentRecord } from '../ports/comments.js';

export function threadOrder<C extends CommentRecord>(comments: readonly C[]): C[] {
  const byParent = new Map<string | null, C[]>();
  const ids = new Set(comments.map((c) => c.commentId));
  for (const c of comments) {
    // A reply whose parent is gone (it cannot happen through the API) is shown as a thread of its own.
    const parent = c.inReplyTo && ids.has(c.inReplyTo) ? c.inReplyTo : null;
    const list = byParent.get(parent);
    if (list) list.push(c);
    else byParent.set(parent, [c]);
  }
  const out: C[] = [];
  const walk = (parent: string | null) => {
    for (const c of byParent.get(parent) ?? []) {
      out.push(c);
      walk(c.commentId);
    }
  };
  walk(null);
  return out;
}

/** The comment and every reply below it (what deleting it removes). */
export function withReplies(comments: readonly CommentRecord[], commentId: string): string[] {
  const out = [commentId];
  for (let i = 0; i < out.length; i++)
    for (const c of comments) if (c.inReplyTo === out[i]) out.push(c.commentId);
  return out;
}
