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

interface FrozenPart extends Encoded {
  /** The text as UTF-8, encoded once: large parts are copied into responses as bytes. */
  bytes?: Buffer;
}

/** Frozen parts at least this long are sent as their cached bytes. */
const BYTES_FROM = 64 * 1024;

const frozenParts = new WeakMap<object, FrozenPart>();

function frozenPart(value: object): FrozenPart {
  let part = frozenParts.get(value);
  if (!part) {
    const text = JSON.stringify(value);
    part = { text, digest: createHash('sha1').update(text).digest('base64url') };
    if (text.length >= BYTES_FROM) part.bytes = Buffer.from(text);
    frozenParts.set(value, part);
  }
  return part;
}

/**
 * The body's JSON as byte chunks and a digest for the ETag: the text around
 * large frozen parts is encoded, the parts' cached bytes are passed along as
 * they are (not copied: a response may write the chunks one after another).
 */
export function encodeJsonChunks(value: unknown): { chunks: Buffer[]; length: number; digest: string } {
  const hash = createHash('sha1');
  const large: Buffer[] = [];
  const text = walk(value, 0, hash, large);
  const digest = hash.digest('base64url');
  if (large.length === 0) {
    const body = Buffer.from(text);
    return { chunks: [body], length: body.length, digest };
  }
  // The text holds a marker where each large part goes.
  const chunks: Buffer[] = [];
  text.split(MARK).forEach((piece, i) => {
    if (piece) chunks.push(Buffer.from(piece));
    if (i < large.length) chunks.push(large[i]!);
  });
  return { chunks, length: chunks.reduce((n, c) => n + c.length, 0), digest };
}

/** The same as one buffer. */
export function encodeJsonBytes(value: unknown): { body: Buffer; digest: string } {
  const { chunks, digest } = encodeJsonChunks(value);
  return { body: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks), digest };
}

/** Stands for a large frozen part in the text (JSON text never holds a raw U+0000). */
const MARK = '\u0000';
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

function walk(value: unknown, depth: number, hash: Hash, large?: Buffer[]): string {
  if (value === null || typeof value !== 'object') return plain(value, hash);
  if (Object.isFrozen(value)) {
    const part = frozenPart(value);
    hash.update(`\u0000${part.digest}\u0000`);
    if (large && part.bytes) {
      large.push(part.bytes);
      return MARK;
    }
    return part.text;
  }
  if (depth >= MAX_DEPTH || typeof (value as { toJSON?: unknown }).toJSON === 'function')
    return plain(value, hash);
  if (Array.isArray(value)) {
    hash.update('[');
    const items = value.map((v) =>
      v === undefined || typeof v === 'function' ? plain(null, hash) : walk(v, depth + 1, hash, large),
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
    parts.push(`${key}:${walk(v, depth + 1, hash, large)}`);
  }
  hash.update('}');
  return `{${parts.join(',')}}`;
}
