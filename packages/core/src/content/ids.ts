import { randomBytes } from 'node:crypto';

// Content ids: validation, and generation from titles the way Plone's
// idnormalizer does it (lowercase ASCII, '-' between words, 50 chars at most,
// cropped at a word boundary), with '-1', '-2'… on collision.

const MAX_ID_BYTES = 255;
const MAX_GENERATED = 50;
// Names that would shadow traversal or services.
const RESERVED = new Set(['.', '..', 'VirtualHostBase', 'VirtualHostRoot', 'ok', 'ready']);

/** Returns why `id` is not a valid content id, or null when it is. */
export function invalidIdReason(id: unknown): string | null {
  if (typeof id !== 'string') return 'The id must be a string.';
  if (id.length === 0) return 'The id must not be empty.';
  if (Buffer.byteLength(id, 'utf8') > MAX_ID_BYTES) return `The id must be at most ${MAX_ID_BYTES} bytes.`;
  if (RESERVED.has(id)) return `The id "${id}" is reserved.`;
  if (id.includes('/') || id.includes('\\')) return 'The id must not contain slashes.';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point
  if (/[\u0000-\u001f\u007f]/.test(id)) return 'The id must not contain control characters.';
  if (/\s/.test(id)) return 'The id must not contain white space.';
  if (id.startsWith('@') || id.startsWith('++') || id.startsWith('_'))
    return 'The id must not start with "@", "++" or "_".';
  if (!/^[\p{L}\p{N}._~\-+]+$/u.test(id)) return `The id "${id}" contains characters that are not allowed.`;
  return null;
}

export function normalizeId(title: string): string {
  const ascii = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
  let id = ascii
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[-._]+|[-._]+$/g, '');
  if (id.length > MAX_GENERATED) {
    const cut = id.slice(0, MAX_GENERATED);
    const lastDash = cut.lastIndexOf('-');
    id = (lastDash > 0 ? cut.slice(0, lastDash) : cut).replace(/[-._]+$/, '');
  }
  return id;
}

/** Picks a free id: `base`, then `base-1`, `base-2`… */
export function chooseFreeId(base: string, taken: (id: string) => boolean): string {
  if (!taken(base)) return base;
  for (let n = 1; ; n++) {
    const candidate = `${base}-${n}`;
    if (!taken(candidate)) return candidate;
  }
}

/**
 * chooseFreeId against storage: `takenAmong` answers which of a list of
 * candidate ids are in use (an indexed query). Tries base, then base-1…base-100,
 * then random suffixes, so the cost stays bounded however popular a title is.
 */
export async function chooseFreeIdAsync(
  base: string,
  takenAmong: (ids: string[]) => Promise<Set<string>>,
): Promise<string> {
  // Most titles are new in their folder: one point lookup settles it.
  if ((await takenAmong([base])).size === 0) return base;
  const candidates = Array.from({ length: 100 }, (_, i) => `${base}-${i + 1}`);
  const taken = await takenAmong(candidates);
  const free = candidates.find((c) => !taken.has(c));
  if (free) return free;
  for (;;) {
    const candidate = `${base}-${randomBytes(4).toString('hex')}`;
    if ((await takenAmong([candidate])).size === 0) return candidate;
  }
}
