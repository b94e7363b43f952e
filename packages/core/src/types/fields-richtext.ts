// Rich Text: stored as {data, content-type, encoding} with the raw source.
// GET returns the same keys, but `data` is the HTML output (Plone's
// output_relative_to): plain text becomes a paragraph, HTML is filtered.
import { defineFieldType, fail, isPlainObject, MSG } from './field-type.js';
import type { JsonObject } from './model.js';

export const DEFAULT_MIME_TYPE = 'text/html';

export interface StoredRichText extends JsonObject {
  data: string;
  'content-type': string;
  encoding: string;
}

const escapeHtml = (s: string) =>
  s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#x27;');

// A small subset of Plone's safe_html filter: drops scripting elements,
// event-handler attributes and javascript: URLs. Not a full sanitizer.
function filterHtml(html: string): string {
  return html
    .replace(/<(script|style|object|embed|applet)\b[\s\S]*?<\/\1\s*>/gi, '')
    .replace(/<(script|style|object|embed|applet)\b[^>]*\/?>/gi, '')
    .replace(/\s+on[a-z]+\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)/gi, '')
    .replace(/(href|src)\s*=\s*(["'])\s*javascript:[^"']*\2/gi, '$1=$2#$2');
}

/** The HTML Plone would render for a stored rich text value. */
export function richTextOutput(value: StoredRichText): string {
  const mime = value['content-type'];
  if (mime === 'text/html' || mime === 'text/x-html-safe') return filterHtml(value.data);
  // text/plain and anything we cannot transform (markdown, rst…): escaped text in a paragraph.
  return `<p>${escapeHtml(value.data).replace(/\r?\n/g, '<br />')}</p>`;
}

export const richTextType = defineFieldType({
  factory: 'Rich Text',
  parse(schema, value) {
    let stored: StoredRichText;
    if (typeof value === 'string') {
      stored = { data: value, 'content-type': DEFAULT_MIME_TYPE, encoding: 'utf-8' };
    } else if (isPlainObject(value)) {
      const { data, encoding } = value;
      const mime = value['content-type'];
      if (typeof data !== 'string') return fail(MSG.wrongType);
      if (mime !== undefined && (typeof mime !== 'string' || !/^[\w.+-]+\/[\w.+-]+$/.test(mime)))
        return fail(`Invalid content type: ${String(mime)}`);
      if (encoding !== undefined && typeof encoding !== 'string') return fail(MSG.wrongType);
      stored = { data, 'content-type': mime ?? DEFAULT_MIME_TYPE, encoding: encoding || 'utf-8' };
    } else {
      return fail(MSG.wrongType);
    }
    if (schema.maxLength !== undefined && schema.maxLength > 0 && stored.data.length > schema.maxLength)
      fail(MSG.tooLong);
    return stored;
  },
  output(_schema, stored) {
    if (!isPlainObject(stored) || typeof stored.data !== 'string') return null;
    const value = stored as StoredRichText;
    return {
      'content-type': value['content-type'],
      data: richTextOutput(value),
      encoding: value.encoding,
    };
  },
});
