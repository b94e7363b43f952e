// HTML blocks are sanitised on the server with sanitize-html: it is small,
// has no DOM dependency (no jsdom on the server, nothing in the browser
// bundle) and is allow-list based. Only structural/text markup, links and
// images survive; scripts, styles, event handlers and iframes do not.
import sanitizeHtml from 'sanitize-html';

const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [
    ...sanitizeHtml.defaults.allowedTags.filter((t) => t !== 'iframe'),
    'img',
    'figure',
    'figcaption',
    'picture',
    'source',
  ],
  allowedAttributes: {
    a: ['href', 'name', 'target', 'rel', 'title'],
    img: ['src', 'srcset', 'sizes', 'alt', 'title', 'width', 'height', 'loading'],
    source: ['srcset', 'sizes', 'media', 'type'],
    '*': ['id', 'class', 'lang', 'dir', 'aria-label', 'aria-hidden', 'role'],
    td: ['colspan', 'rowspan'],
    th: ['colspan', 'rowspan', 'scope'],
  },
  allowedSchemes: ['http', 'https', 'mailto', 'tel'],
  allowProtocolRelative: false,
  transformTags: {
    // A link opening a new window must not hand it window.opener.
    a: (tagName, attribs) =>
      attribs.target
        ? { tagName, attribs: { ...attribs, rel: 'noopener noreferrer' } }
        : { tagName, attribs },
  },
};

export function sanitize(html: unknown): string {
  return typeof html === 'string' ? sanitizeHtml(html, OPTIONS) : '';
}
