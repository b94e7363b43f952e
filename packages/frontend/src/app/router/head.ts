// The document head of a page: title, description, robots, feed link. Each
// route says what its head holds; the server writes it and the client router
// keeps document.title in step on navigations.
export interface Head {
  title: string;
  description?: string;
  robots?: string;
  feed?: { title: string; href: string };
}

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

/** The head's own tags, as HTML (every value escaped). */
export function headHtml(head: Head): string {
  let out = `<title>${escapeHtml(head.title)}</title>`;
  if (head.description) out += `<meta name="description" content="${escapeHtml(head.description)}">`;
  if (head.robots) out += `<meta name="robots" content="${escapeHtml(head.robots)}">`;
  if (head.feed)
    out += `<link rel="alternate" type="application/rss+xml" title="${escapeHtml(head.feed.title)}" href="${escapeHtml(head.feed.href)}">`;
  return out;
}
