// Finds the links in one object's data: relation fields (by UID), and links
// to site content in rich text (`<a href>`, `<img src>`) and Volto blocks
// (slate links, teaser `href`, image `url`, any `href`/`url` in block data).
// Pure and linear in the size of the data: a write with a 1 MB blocks JSON
// walks it once. Paths are resolved to UIDs by storage, in the transaction.
import { type FoundLink, IS_REFERENCING } from './model.js';

export interface ExtractOptions {
  /** Names of the type's Relation Choice / Relation List fields. */
  relationFields: readonly string[];
  /** The site's mount path ('' or '/Plone'): stripped from paths that start with it. */
  mount?: string;
  /** Origins (`https://www.example.org`) whose absolute URLs point into this site. */
  origins?: readonly string[];
}

/** Most links kept per object: protects the write from pathological data. */
export const MAX_LINKS_PER_OBJECT = 5000;

const RESOLVE_UID = /(?:^|\/)resolve[uU]id\/([A-Za-z0-9_-]+)/;
const HTML_LINK = /<(?:a|img|source|iframe|embed)\b[^>]*?\s(?:href|src)\s*=\s*(?:"([^"]*)"|'([^']*)')/gi;
/** Keys of block data whose string value is a link. */
const LINK_KEYS = new Set(['url', 'href']);
/** Keys under which objects carry their target as `@id` (teaser href, preview_image, slate internal links). */
const LINK_CONTAINERS = new Set(['href', 'preview_image', 'internal_link', 'link', 'url']);
/** Block data that names paths without linking to them (listing queries, the layout). */
const SKIP_KEYS = new Set(['querystring', 'blocks_layout', 'query', 'styles']);

/**
 * Where a link string points inside the site: a UID (resolveuid) or a site
 * path; null for external links, anchors, mailto: and the like.
 */
export function linkTarget(
  raw: string,
  opts: Pick<ExtractOptions, 'mount' | 'origins'> = {},
): { uid: string } | { path: string } | null {
  const s = raw.trim();
  if (!s || s.length > 2048) return null;
  const uid = RESOLVE_UID.exec(s);
  if (uid) return { uid: uid[1] };
  let path: string;
  if (/^[a-z][a-z0-9+.-]*:/i.test(s)) {
    // Absolute: only URLs of the site's own origins are internal.
    let url: URL;
    try {
      url = new URL(s);
    } catch {
      return null;
    }
    if (!opts.origins?.includes(url.origin)) return null;
    path = url.pathname;
  } else if (s.startsWith('/') && !s.startsWith('//')) {
    path = s.replace(/[?#].*$/, '');
  } else {
    return null;
  }
  return { path: sitePath(path, opts.mount ?? '') };
}

/** A URL path as a site path: no ++api++, no mount, no view or service suffix. */
function sitePath(urlPath: string, mount: string): string {
  let segments: string[];
  try {
    segments = urlPath.split('/').map((p) => decodeURIComponent(p));
  } catch {
    segments = urlPath.split('/');
  }
  segments = segments.filter((p) => p !== '' && p !== '++api++');
  if (mount && segments[0] === mount.slice(1)) segments.shift();
  // /doc/@@images/image/preview, /file/@@download/file, /doc/view, /doc/@history…
  const end = segments.findIndex((p) => p.startsWith('@') || p.startsWith('++') || p === 'view');
  if (end >= 0) segments = segments.slice(0, end);
  return segments.length ? `/${segments.join('/')}` : '';
}

/** Every link of an object's data, deduplicated. */
export function extractLinks(data: Record<string, unknown>, opts: ExtractOptions): FoundLink[] {
  const found = new Map<string, FoundLink>();
  const add = (relation: string, attribute: string, target: FoundLink['target'] | null) => {
    if (!target || found.size >= MAX_LINKS_PER_OBJECT) return;
    const key = `${relation}\0${attribute}\0${'uid' in target ? `u:${target.uid}` : `p:${target.path}`}`;
    if (!found.has(key)) found.set(key, { relation, attribute, target });
  };
  for (const field of opts.relationFields) {
    const value = data[field];
    const uids = typeof value === 'string' ? [value] : Array.isArray(value) ? value : [];
    for (const uid of uids) if (typeof uid === 'string' && uid) add(field, field, { uid });
  }
  // The same link string often appears many times: classify each once.
  const seen = new Set<string>();
  const addRaw = (attribute: string, raw: string) => {
    const key = `${attribute}\0${raw}`;
    if (seen.has(key)) return;
    seen.add(key);
    add(IS_REFERENCING, attribute, linkTarget(raw, opts));
  };
  for (const key in data) {
    const value = data[key];
    if (key === 'blocks' && value && typeof value === 'object') {
      walkBlocks(value, (raw) => addRaw('blocks', raw));
    } else if (isHtml(value)) {
      for (const raw of htmlLinks(value.data)) addRaw(key, raw);
    }
  }
  return [...found.values()];
}

function isHtml(v: unknown): v is { data: string } {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return false;
  const o = v as Record<string, unknown>;
  return (
    typeof o.data === 'string' && typeof o['content-type'] === 'string' && /html/.test(o['content-type'])
  );
}

/** The href/src values of an HTML fragment (entities in them decoded: &amp; only). */
export function htmlLinks(html: string): string[] {
  const out: string[] = [];
  for (const m of html.matchAll(HTML_LINK)) out.push((m[1] ?? m[2] ?? '').replace(/&amp;/g, '&'));
  return out;
}

/**
 * Walks block data iteratively (deep slate trees must not overflow the
 * stack), reporting strings under link keys, and `@id`s of objects held by
 * link containers (teaser `href: [{"@id": …}]`). Three parallel stacks: no
 * allocation per visited value.
 */
function walkBlocks(root: unknown, report: (raw: string) => void) {
  const values: unknown[] = [root];
  const keys: string[] = [''];
  const inLinks: boolean[] = [false];
  while (values.length) {
    const value = values.pop();
    const key = keys.pop() as string;
    const inLink = inLinks.pop() as boolean;
    if (typeof value === 'string') {
      if (LINK_KEYS.has(key) || (inLink && key === '@id')) report(value);
    } else if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const v = value[i];
        if (v !== null && typeof v === 'object') {
          values.push(v);
          keys.push(key);
          inLinks.push(inLink);
        } else if (typeof v === 'string' && (LINK_KEYS.has(key) || (inLink && key === '@id'))) report(v);
      }
    } else if (value !== null && typeof value === 'object') {
      const childInLink = LINK_CONTAINERS.has(key);
      const obj = value as Record<string, unknown>;
      for (const k in obj) {
        const v = obj[k];
        // Plain text, numbers and flags are most of a page: skip them without a push.
        if (typeof v === 'string') {
          if (LINK_KEYS.has(k) || (childInLink && k === '@id')) report(v);
        } else if (v !== null && typeof v === 'object' && !SKIP_KEYS.has(k)) {
          values.push(v);
          keys.push(k);
          inLinks.push(childInLink);
        }
      }
    }
  }
}
