// Placeholders and the structural matcher behind the golden exchanges.
//
// Two kinds of placeholder can appear in an expected value (see ../README.md):
//  - substitutions, replaced by a known string before comparing:
//      {{base}}  {{admin}}  {{password}}  {{capture:NAME/json/pointer}}  {{header:NAME/header-name}}
//  - matchers, which accept any value of a kind:
//      {{uid}} {{uuid}} {{date}} {{etag}} {{token}} {{string}} {{number}} {{any}}
//    optionally labelled, {{uuid#1}}: every use of the same label within one
//    response must match the same actual value.
// A string that is exactly one placeholder stands for the whole JSON value
// ("{{number}}" matches 3, "{{any}}" matches an object, a capture keeps its
// JSON type); placeholders inside a longer string match a part of it.
import { isDeepStrictEqual } from 'node:util';

/** One response as it came back, kept so later exchanges can refer to it. */
export interface Captured {
  status: number;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  /** Parsed JSON body, or the raw text when it is not JSON, or undefined when empty. */
  body: unknown;
  bodyText: string;
}

export interface Scope {
  /** The site URL the test server answers under, e.g. http://localhost:8080. */
  base: string;
  /** base64("admin:<password>"), what `Authorization: Basic {{admin}}` sends. */
  admin: string;
  /** The test admin's password, for @login bodies. */
  password: string;
  /** Earlier responses of the same story, by exchange name. */
  exchanges: Map<string, Captured>;
}

export interface Diff {
  /** Where: `status`, `header Location`, or a JSON path like `$.items[0].title`. */
  path: string;
  message: string;
}

/** Regex source (no capturing groups) for each matcher, as part of a string. */
export const MATCHERS: Record<string, string> = {
  uid: '[0-9a-f]{32}',
  uuid: '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}',
  date: '\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(?:\\.\\d+)?[+-]\\d{2}:\\d{2}',
  etag: '(?:W/)?"[^"]*"',
  token: '[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+',
  string: '[\\s\\S]*?',
  number: '-?\\d+(?:\\.\\d+)?(?:[eE][+-]?\\d+)?',
  any: '[\\s\\S]*?',
};

const PLACEHOLDER = /\{\{([a-z]+)(?:#([\w-]+))?(?::([^{}]*))?\}\}/g;

interface Token {
  kind: 'literal' | 'matcher' | 'subst';
  /** Literal text, the matcher name, or the substitution keyword. */
  text: string;
  label?: string;
  arg?: string;
}

function tokenize(s: string): Token[] {
  const out: Token[] = [];
  let last = 0;
  for (const m of s.matchAll(PLACEHOLDER)) {
    const [all, name, label, arg] = m;
    const at = m.index ?? 0;
    if (at > last) out.push({ kind: 'literal', text: s.slice(last, at) });
    if (name in MATCHERS && arg === undefined) out.push({ kind: 'matcher', text: name, label });
    else if (['base', 'admin', 'password', 'capture', 'header'].includes(name) && label === undefined)
      out.push({ kind: 'subst', text: name, arg });
    else throw new Error(`unknown placeholder ${all}`);
    last = at + all.length;
  }
  if (last < s.length) out.push({ kind: 'literal', text: s.slice(last) });
  return out;
}

/** Whether a string contains any placeholder. */
export function hasPlaceholder(s: string): boolean {
  return /\{\{[a-z]+(?:#[\w-]+)?(?::[^{}]*)?\}\}/.test(s);
}

function decodePointer(seg: string) {
  return seg.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** The value a substitution stands for (a capture keeps its JSON type). */
export function resolve(keyword: string, arg: string | undefined, scope: Scope): unknown {
  if (keyword === 'base') return scope.base;
  if (keyword === 'admin') return scope.admin;
  if (keyword === 'password') return scope.password;
  if (!arg) throw new Error(`{{${keyword}:…}} needs a reference like NAME/path`);
  const [name, ...rest] = arg.split('/');
  const ex = scope.exchanges.get(name);
  if (!ex) throw new Error(`{{${keyword}:${arg}}}: no earlier exchange named "${name}" in this story`);
  if (keyword === 'header') {
    const h = ex.headers[rest.join('/').toLowerCase()];
    if (h === undefined) throw new Error(`{{header:${arg}}}: "${name}" had no such header`);
    return h;
  }
  let v: unknown = ex.body;
  for (const raw of rest) {
    const seg = decodePointer(raw);
    if (v !== null && typeof v === 'object' && seg in (v as object)) v = (v as any)[seg];
    else throw new Error(`{{capture:${arg}}}: "${name}" has nothing at /${rest.join('/')}`);
  }
  return v;
}

const asText = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));

/** Replaces the substitutions in a request line, header or body (matchers are an error there). */
export function substitute(s: string, scope: Scope): string {
  return tokenize(s)
    .map((t) => {
      if (t.kind === 'literal') return t.text;
      if (t.kind === 'subst') return asText(resolve(t.text, t.arg, scope));
      throw new Error(`matcher {{${t.text}}} cannot be used in a request`);
    })
    .join('');
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** Labels bound so far while matching one response. */
export type Bindings = Map<string, string>;

/**
 * Matches one expected string (possibly with placeholders) against an actual
 * string. Returns null when it matches, else a short reason.
 */
export function matchString(
  expected: string,
  actual: string,
  scope: Scope,
  bindings: Bindings,
): string | null {
  const tokens = tokenize(expected);
  const groups: Token[] = [];
  let src = '';
  for (const t of tokens) {
    if (t.kind === 'literal') src += escapeRe(t.text);
    else if (t.kind === 'subst') src += escapeRe(asText(resolve(t.text, t.arg, scope)));
    else {
      groups.push(t);
      src += `(${MATCHERS[t.text]})`;
    }
  }
  const m = new RegExp(`^${src}$`).exec(actual);
  if (!m) return groups.length ? 'does not match the pattern' : 'differs';
  return bindLabels(groups, m.slice(1), bindings);
}

function bindLabels(groups: Token[], values: string[], bindings: Bindings): string | null {
  for (let i = 0; i < groups.length; i++) {
    const { text, label } = groups[i];
    if (label === undefined) continue;
    const key = `${text}#${label}`;
    const bound = bindings.get(key);
    if (bound === undefined) bindings.set(key, values[i]);
    else if (bound !== values[i]) return `{{${key}}} was ${JSON.stringify(bound)} elsewhere in this response`;
  }
  return null;
}

const show = (v: unknown) => {
  const s = v === undefined ? 'nothing' : JSON.stringify(v);
  return s.length > 120 ? `${s.slice(0, 117)}...` : s;
};

const typeOf = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

export function childPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

/** The single placeholder a string consists of, if it is exactly one. */
function wholePlaceholder(s: string): Token | undefined {
  if (!s.startsWith('{{') || !s.endsWith('}}')) return undefined;
  const tokens = tokenize(s);
  return tokens.length === 1 && tokens[0].kind !== 'literal' ? tokens[0] : undefined;
}

/**
 * Compares an expected JSON value (with placeholders) with an actual one and
 * appends every difference to `diffs`. Objects must have the same keys, arrays
 * the same length, scalars the same value.
 */
export function matchValue(
  expected: unknown,
  actual: unknown,
  scope: Scope,
  diffs: Diff[] = [],
  path = '$',
  bindings: Bindings = new Map(),
): Diff[] {
  if (typeof expected === 'string') {
    const whole = wholePlaceholder(expected);
    if (whole?.kind === 'matcher' && !whole.label) {
      if (whole.text === 'any') return diffs;
      if (whole.text === 'number') {
        if (typeof actual !== 'number')
          diffs.push({ path, message: `expected a number, got ${show(actual)}` });
        return diffs;
      }
    }
    if (whole?.kind === 'subst') {
      const value = resolve(whole.text, whole.arg, scope);
      if (!isDeepStrictEqual(value, actual))
        diffs.push({ path, message: `expected ${expected} = ${show(value)}, got ${show(actual)}` });
      return diffs;
    }
    if (typeof actual !== 'string') {
      diffs.push({ path, message: `expected string ${show(expected)}, got ${show(actual)}` });
      return diffs;
    }
    const reason = matchString(expected, actual, scope, bindings);
    if (reason) diffs.push({ path, message: `expected ${show(expected)}, got ${show(actual)} (${reason})` });
    return diffs;
  }
  if (expected === null || typeof expected !== 'object') {
    if (expected !== actual) diffs.push({ path, message: `expected ${show(expected)}, got ${show(actual)}` });
    return diffs;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) {
      diffs.push({ path, message: `expected an array, got ${typeOf(actual)} ${show(actual)}` });
      return diffs;
    }
    const n = Math.min(expected.length, actual.length);
    for (let i = 0; i < n; i++)
      matchValue(expected[i], actual[i], scope, diffs, childPath(path, i), bindings);
    for (let i = n; i < expected.length; i++)
      diffs.push({ path: childPath(path, i), message: `missing array item, expected ${show(expected[i])}` });
    for (let i = n; i < actual.length; i++)
      diffs.push({ path: childPath(path, i), message: `unexpected array item ${show(actual[i])}` });
    return diffs;
  }
  if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) {
    diffs.push({ path, message: `expected an object, got ${typeOf(actual)} ${show(actual)}` });
    return diffs;
  }
  matchObject(
    expected as Record<string, unknown>,
    actual as Record<string, unknown>,
    scope,
    diffs,
    path,
    bindings,
  );
  return diffs;
}

function matchObject(
  expected: Record<string, unknown>,
  actual: Record<string, unknown>,
  scope: Scope,
  diffs: Diff[],
  path: string,
  bindings: Bindings,
) {
  const literalKeys = Object.keys(expected).filter((k) => wholePlaceholder(k)?.kind !== 'matcher');
  const patternKeys = Object.keys(expected).filter((k) => wholePlaceholder(k)?.kind === 'matcher');
  const resolvedLiteral = new Map(literalKeys.map((k) => [hasPlaceholder(k) ? substitute(k, scope) : k, k]));
  const unclaimed = Object.keys(actual).filter((k) => !resolvedLiteral.has(k));

  for (const [actualKey, expectedKey] of resolvedLiteral) {
    const p = childPath(path, actualKey);
    if (!(actualKey in actual))
      diffs.push({ path: p, message: `missing key, expected ${show(expected[expectedKey])}` });
    else matchValue(expected[expectedKey], actual[actualKey], scope, diffs, p, bindings);
  }
  // Placeholder keys ({{uuid#1}}) claim the remaining actual keys in order.
  for (const pk of patternKeys) {
    const i = unclaimed.findIndex((k) => matchString(pk, k, scope, new Map(bindings)) === null);
    if (i === -1) {
      diffs.push({ path: childPath(path, pk), message: `no key matching ${pk}` });
      continue;
    }
    const [key] = unclaimed.splice(i, 1);
    matchString(pk, key, scope, bindings);
    matchValue(expected[pk], actual[key], scope, diffs, childPath(path, key), bindings);
  }
  for (const k of unclaimed)
    diffs.push({ path: childPath(path, k), message: `unexpected key, value ${show(actual[k])}` });
}

export function formatDiffs(diffs: Diff[], max = 40): string {
  const lines = diffs.slice(0, max).map((d) => `  ${d.path}: ${d.message}`);
  if (diffs.length > max) lines.push(`  … and ${diffs.length - max} more`);
  return lines.join('\n');
}
