// What record.ts writes: a live response turned into an expected .resp, with
// volatile values replaced by placeholders, and the matchers already in the
// existing file kept wherever they still match.

import { headerName, type ResponseFile } from './http-file.js';
import { type Captured, matchString, matchValue, type Scope } from './match.js';

/** Headers every recording checks when the response has them. */
export const RECORDED_HEADERS = ['content-type', 'location', 'etag'];

export interface RecordState {
  base: string;
  /** A UID seen in an earlier response of the story → "NAME/json/pointer" of its first appearance. */
  uidSources: Map<string, string>;
}

const UID = /^[0-9a-f]{32}$/;
const UID_IN = /(?<![0-9a-f])[0-9a-f]{32}(?![0-9a-f])/g;
const UUID_IN = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
const DATE_IN = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?[+-]\d{2}:\d{2}/g;
const JWT = /^eyJ[\w-]*\.[\w-]+\.[\w-]+$/;

interface Walk {
  name: string;
  state: RecordState;
  /** Dashed UUIDs of this response → their label (1, 2, …) in order of appearance. */
  uuids: Map<string, number>;
}

const encodePointer = (seg: string) => seg.replace(/~/g, '~0').replace(/\//g, '~1');

function uuidLabel(w: Walk, value: string): string {
  if (!w.uuids.has(value)) w.uuids.set(value, w.uuids.size + 1);
  return `{{uuid#${w.uuids.get(value)}}}`;
}

/** One string with its volatile parts replaced; `ptr` is its place in the body (for UID captures). */
function normalizeString(s: string, w: Walk, ptr?: string[]): string {
  if (ptr && UID.test(s)) {
    const source = w.state.uidSources.get(s);
    if (source) return `{{capture:${source}}}`;
    w.state.uidSources.set(s, [w.name, ...ptr.map(encodePointer)].join('/'));
    return '{{uid}}';
  }
  if (JWT.test(s)) return '{{token}}';
  return s
    .split(w.state.base)
    .join('{{base}}')
    .replace(UUID_IN, (m) => uuidLabel(w, m))
    .replace(DATE_IN, '{{date}}')
    .replace(UID_IN, '{{uid}}');
}

function normalizeJson(v: unknown, w: Walk, ptr: string[]): unknown {
  if (typeof v === 'string') return normalizeString(v, w, ptr);
  if (Array.isArray(v)) return v.map((item, i) => normalizeJson(item, w, [...ptr, String(i)]));
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, item] of Object.entries(v)) {
      const key = new RegExp(`^${UUID_IN.source}$`).test(k) ? uuidLabel(w, k) : k;
      out[key] = normalizeJson(item, w, [...ptr, k]);
    }
    return out;
  }
  return v;
}

function matches(expected: unknown, actual: unknown, scope: Scope): boolean {
  try {
    return matchValue(expected, actual, scope).length === 0;
  } catch {
    return false; // e.g. a capture that no longer resolves
  }
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** Keeps `existing` (hand-written matchers) where it matches `actual`, else takes `normalized`. */
export function merge(existing: unknown, actual: unknown, normalized: unknown, scope: Scope): unknown {
  if (existing === undefined) return normalized;
  if (matches(existing, actual, scope)) return existing;
  if (isObject(existing) && isObject(actual) && isObject(normalized)) {
    const aKeys = Object.keys(actual);
    const out: Record<string, unknown> = {};
    Object.keys(normalized).forEach((k, i) => {
      out[k] = k in existing ? merge(existing[k], actual[aKeys[i]], normalized[k], scope) : normalized[k];
    });
    return out;
  }
  if (Array.isArray(existing) && Array.isArray(actual) && Array.isArray(normalized)) {
    return normalized.map((n, i) => merge(existing[i], actual[i], n, scope));
  }
  return normalized;
}

/** The .resp to write for `actual`, the response of exchange `name`. */
export function recordResponse(
  actual: Captured,
  name: string,
  state: RecordState,
  scope: Scope,
  existing?: ResponseFile,
): ResponseFile {
  const w: Walk = { name, state, uuids: new Map() };
  const wanted = [...RECORDED_HEADERS];
  for (const [k] of existing?.headers ?? [])
    if (!wanted.includes(k.toLowerCase())) wanted.push(k.toLowerCase());
  const headers: Array<[string, string]> = [];
  for (const lower of wanted) {
    const got = actual.headers[lower];
    if (got === undefined) continue;
    const old = existing?.headers.find(([k]) => k.toLowerCase() === lower);
    if (lower === 'content-type') {
      headers.push([old?.[0] ?? 'Content-Type', got.split(';')[0].trim()]);
      continue;
    }
    let keep = false;
    try {
      keep = old !== undefined && matchString(old[1], got, scope, new Map()) === null;
    } catch {
      keep = false;
    }
    if (keep && old) headers.push(old);
    else headers.push([headerName(lower), lower === 'etag' ? '{{etag}}' : normalizeString(got, w)]);
  }

  let body = '';
  if (actual.bodyText !== '') {
    if (typeof actual.body === 'string' && actual.bodyText === actual.body) {
      // Not JSON: kept as text.
      const keep = existing && matches(existing.body, actual.body, scope);
      body = keep && existing ? existing.body : normalizeString(actual.bodyText, w);
    } else {
      let old: unknown;
      try {
        old = existing?.body ? JSON.parse(existing.body) : undefined;
      } catch {
        old = undefined;
      }
      body = JSON.stringify(merge(old, actual.body, normalizeJson(actual.body, w, []), scope), null, 2);
    }
  }
  return { status: actual.status, headers, body };
}
