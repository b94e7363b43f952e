// How a comment's text goes out (plone.restapi's CommentSerializer): plain
// text comments as stored, with their mime type; comments posted under
// another transform as text/x-html-safe HTML — every character escaped and
// newlines turned into <br />, as plone.app.discussion's default transform
// does. Nothing a commenter types is ever sent back as markup.

/** The longest comment text accepted, in characters (docs/comments.md). */
export const MAX_COMMENT_LENGTH = 10_000;

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** Escaped text with line breaks as <br />. */
export function plainToSafeHtml(text: string): string {
  return escapeHtml(text).replace(/\r\n|\r|\n/g, '<br />');
}

export function commentTextJson(text: string, mimeType: string): { data: string; 'mime-type': string } {
  if (mimeType === 'text/plain') return { data: text, 'mime-type': 'text/plain' };
  return { data: plainToSafeHtml(text), 'mime-type': 'text/html' };
}
