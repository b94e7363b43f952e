// JSON for response bodies that embed shared, frozen parts (the components
// cache's navigation trees, decision 0014): each frozen part is serialized
// and hashed once, and its text and digest reused, so a 2 MB navigation
// tree is neither re-encoded nor re-hashed (for the ETag) on every page.
// Frozen values never change (deepFreeze), so what is kept cannot go stale;
// the WeakMap lets it go with the value.
import { createHash, type Hash } from 'node:crypto';

interface Encoded {
  text: string;
  /** sha1 of the text (frozen parts: of their own text, fed to the whole's hash as such). */
  digest: string;
}

const frozenParts = new WeakMap<object, Encoded>();
/** Frozen parts are looked for this deep (a body's @components.navigation is at depth 2). */
const MAX_DEPTH = 2;

/** The body's JSON (what JSON.stringify gives) and a digest of it for the ETag. */
export function encodeJson(value: unknown): Encoded {
  const hash = createHash('sha1');
  const text = walk(value, 0, hash);
  return { text, digest: hash.digest('base64url') };
}

function plain(value: unknown, hash: Hash): string {
  const text = JSON.stringify(value) ?? 'null';
  hash.update(text);
  return text;
}

function walk(value: unknown, depth: number, hash: Hash): string {
  if (value === null || typeof value !== 'object') return plain(value, hash);
  if (Object.isFrozen(value)) {
    let part = frozenParts.get(value);
    if (!part) {
      const text = JSON.stringify(value);
      part = { text, digest: createHash('sha1').update(text).digest('base64url') };
      frozenParts.set(value, part);
    }
    hash.update(`\u0000${part.digest}\u0000`);
    return part.text;
  }
  if (depth >= MAX_DEPTH || typeof (value as { toJSON?: unknown }).toJSON === 'function')
    return plain(value, hash);
  if (Array.isArray(value)) {
    hash.update('[');
    const items = value.map((v) =>
      v === undefined || typeof v === 'function' ? plain(null, hash) : walk(v, depth + 1, hash),
    );
    hash.update(']');
    return `[${items.join(',')}]`;
  }
  hash.update('{');
  const parts: string[] = [];
  for (const [k, v] of Object.entries(value)) {
    if (v === undefined || typeof v === 'function' || typeof v === 'symbol') continue;
    const key = JSON.stringify(k);
    hash.update(key);
    parts.push(`${key}:${walk(v, depth + 1, hash)}`);
  }
  hash.update('}');
  return `{${parts.join(',')}}`;
}
