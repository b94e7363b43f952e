// The text a full-text search finds an object by (Plone's SearchableText):
// title, description, rich text stripped of markup, and the text inside
// Volto blocks. Field values only; file contents come with the file's blob.

/** Rich text or HTML to plain text: tags dropped, the common entities decoded. */
export function htmlToText(html: string): string {
  return html
    .replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(nbsp|amp|lt|gt|quot|#39|apos);/g, (_, e: string) => ENTITIES[e] ?? ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

const ENTITIES: Record<string, string> = {
  nbsp: ' ',
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  '#39': "'",
  apos: "'",
};

/** Keys of a block whose string values are prose (others are ids, URLs, styles…). */
const BLOCK_TEXT_KEYS = new Set(['text', 'title', 'description', 'plaintext', 'alt', 'caption', 'heading']);

/** Every piece of text inside Volto blocks: Slate leaves and the prose keys of any block. */
function blocksText(blocks: unknown, out: string[], depth = 0) {
  if (depth > 20 || blocks === null || typeof blocks !== 'object') return;
  if (Array.isArray(blocks)) {
    for (const b of blocks) blocksText(b, out, depth + 1);
    return;
  }
  for (const [key, value] of Object.entries(blocks as Record<string, unknown>)) {
    if (typeof value === 'string') {
      if (BLOCK_TEXT_KEYS.has(key))
        out.push(key === 'text' && value.includes('<') ? htmlToText(value) : value);
    } else if (value && typeof value === 'object') {
      // Rich text held as {data: '<p>…</p>'} inside a block.
      const data = (value as { data?: unknown }).data;
      if (key === 'text' && typeof data === 'string') out.push(htmlToText(data));
      else blocksText(value, out, depth + 1);
    }
  }
}

export interface SearchableText {
  title: string;
  description: string;
  body: string;
}

const MAX_BODY = 1_000_000;

export function searchableText(id: string, data: Record<string, unknown>): SearchableText {
  const body: string[] = [id];
  const text = data.text as { data?: unknown } | string | undefined;
  if (typeof text === 'string') body.push(htmlToText(text));
  else if (text && typeof text.data === 'string') body.push(htmlToText(text.data));
  if (data.blocks) blocksText(data.blocks, body);
  const subjects = data.subjects;
  if (Array.isArray(subjects)) body.push(subjects.filter((s) => typeof s === 'string').join(' '));
  return {
    title: typeof data.title === 'string' ? data.title : '',
    description: typeof data.description === 'string' ? data.description : '',
    body: body.join(' ').slice(0, MAX_BODY),
  };
}
