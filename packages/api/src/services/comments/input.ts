// Reading @comments request bodies: the fields plone.app.discussion's comment
// form takes, with their types and sizes checked; anything else is refused.
import { badRequest, MAX_COMMENT_LENGTH } from '@tessera/core';

export interface CommentInput {
  text: string;
  authorName?: string;
  authorEmail?: string;
  userNotification?: boolean;
}

const MAX_NAME = 255;
const MAX_EMAIL = 254;
const EMAIL = /^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>"]+$/;

function objectBody(body: unknown): Record<string, unknown> {
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    throw badRequest('The request body must be a JSON object.');
  return body as Record<string, unknown>;
}

function textOf(raw: unknown): string {
  if (typeof raw !== 'string') throw badRequest('"text" is required and must be a string.');
  if (!raw.trim()) throw badRequest('"text" must not be empty.');
  if (raw.length > MAX_COMMENT_LENGTH)
    throw badRequest(`"text" is too long: at most ${MAX_COMMENT_LENGTH} characters.`);
  return raw;
}

/** POST: a new comment or reply. */
export function readNewComment(body: unknown): CommentInput {
  const b = objectBody(body);
  const unknown = Object.keys(b).filter(
    (k) => !['text', 'author_name', 'author_email', 'user_notification'].includes(k),
  );
  if (unknown.length) throw badRequest(`Unknown fields: ${unknown.join(', ')}.`);
  const out: CommentInput = { text: textOf(b.text) };
  if (b.author_name !== undefined && b.author_name !== null) {
    if (typeof b.author_name !== 'string' || b.author_name.length > MAX_NAME)
      throw badRequest(`"author_name" must be a string of at most ${MAX_NAME} characters.`);
    if (b.author_name.trim()) out.authorName = b.author_name.trim();
  }
  if (b.author_email !== undefined && b.author_email !== null && b.author_email !== '') {
    if (
      typeof b.author_email !== 'string' ||
      b.author_email.length > MAX_EMAIL ||
      !EMAIL.test(b.author_email)
    )
      throw badRequest('"author_email" must be an e-mail address.');
    out.authorEmail = b.author_email;
  }
  if (b.user_notification !== undefined && b.user_notification !== null) {
    if (typeof b.user_notification !== 'boolean')
      throw badRequest('"user_notification" must be true or false.');
    out.userNotification = b.user_notification;
  }
  return out;
}

/** PATCH: only the text changes. */
export function readCommentEdit(body: unknown): string {
  const b = objectBody(body);
  const unknown = Object.keys(b).filter((k) => k !== 'text');
  if (unknown.length) throw badRequest(`Unknown fields: ${unknown.join(', ')}; only "text" can be changed.`);
  return textOf(b.text);
}
