// plone.restapi's @search query string → a CatalogQuery.
// https://6.docs.plone.org/plone.restapi/docs/source/endpoints/searching.html
// Index queries are `index=value` (repeated for several values) or the
// record form `index.query=…` with `.range`, `.operator`, `.not` and, for
// paths, `.depth`. ZPublisher type suffixes (`:list`, `:int`, `:boolean`,
// `:record`…) are accepted and dropped. Anything else is a 400.
import { badRequest } from '../errors.js';
import { parseDateTime } from '../types/fields-time.js';
import { INDEXES, type IndexName, isIndex, type KeywordIndex, type TextIndex } from './indexes.js';
import type { CatalogQuery, Criterion, SortKey } from './query-model.js';
import { parseTextQuery } from './text-query.js';

type Params = Record<string, string | string[] | undefined>;

/** Query parameters that are not index queries: presentation, batching, sorting. */
const CONTROL = new Set([
  'b_start',
  'b_size',
  'sort_on',
  'sort_order',
  'sort_limit',
  'metadata_fields',
  'fullobjects',
  'use_site_search_settings',
  'expand',
  // Volto's folder contents sends show_inactive=true. Plone's catalog takes it
  // to skip the effective/expires filter; here the permission "Access inactive
  // portal content" alone decides (access.ts), so the flag can never show more.
  'show_inactive',
]);

const MAX_VALUES = 1000;
const MAX_PATHS = 100;
const MAX_SORT_KEYS = 5;

export interface SearchParamsOptions {
  /** The context's site-relative path: the default path query. */
  contextPath: string;
  /** Site-relative path from the path a client sent (strips the site's physical prefix). */
  sitePath(path: string): string;
}

const list = (v: string | string[] | undefined): string[] =>
  v === undefined ? [] : Array.isArray(v) ? v : [v];

/** `portal_type:list` → `portal_type`; `path.query:record` → `path.query`. */
const baseKey = (key: string) => key.split(':')[0]!;

export function parseSearchParams(params: Params, opts: SearchParamsOptions): CatalogQuery {
  // Group `index`, `index.query`, `index.range`… by index name.
  const byIndex = new Map<string, Map<string, string[]>>();
  let sortOn: string[] = [];
  let sortOrder: string[] = [];
  let sortLimit: number | undefined;
  for (const [rawKey, raw] of Object.entries(params)) {
    const key = baseKey(rawKey);
    const values = list(raw);
    if (key === 'sort_on') sortOn = values.flatMap((v) => v.split(',')).filter(Boolean);
    else if (key === 'sort_order') sortOrder = values;
    else if (key === 'sort_limit') sortLimit = positiveInt(values.at(-1), 'sort_limit');
    else if (CONTROL.has(key) || key.startsWith('expand.') || key === '_') continue;
    else {
      const dot = key.indexOf('.');
      const index = dot < 0 ? key : key.slice(0, dot);
      const sub = dot < 0 ? 'query' : key.slice(dot + 1);
      if (!isIndex(index)) throw badRequest(`Unknown index "${index}".`);
      let entry = byIndex.get(index);
      if (!entry) {
        entry = new Map();
        byIndex.set(index, entry);
      }
      entry.set(sub, [...(entry.get(sub) ?? []), ...values]);
    }
  }
  const criteria: Criterion[] = [];
  for (const [index, parts] of byIndex) {
    const c = criterionFor(index as IndexName, parts, opts);
    if (c) criteria.push(c);
  }
  // As plone.restapi does: without a path, search the context and below.
  if (!byIndex.has('path')) criteria.push({ kind: 'path', paths: [opts.contextPath], depth: -1 });
  return { criteria, sort: sortKeys(sortOn, sortOrder), limit: sortLimit };
}

function positiveInt(v: string | undefined, name: string): number {
  if (v === undefined || !/^\d{1,9}$/.test(v) || Number(v) < 1)
    throw badRequest(`${name} must be a positive integer.`);
  return Number(v);
}

export function sortKeys(sortOn: string[], sortOrder: string[]): SortKey[] {
  if (sortOn.length > MAX_SORT_KEYS) throw badRequest(`sort_on takes at most ${MAX_SORT_KEYS} indexes.`);
  return sortOn.map((index, i) => {
    if (!isIndex(index)) throw badRequest(`Unknown sort index "${index}".`);
    if (!INDEXES[index].sortable) throw badRequest(`Results cannot be sorted on "${index}".`);
    const order = sortOrder[i] ?? sortOrder[0] ?? 'ascending';
    if (!['ascending', 'descending', 'reverse'].includes(order))
      throw badRequest('sort_order must be "ascending", "descending" or "reverse".');
    return { index, descending: order !== 'ascending' };
  });
}

const SUBKEYS = new Set(['query', 'range', 'operator', 'not', 'depth']);

function criterionFor(index: IndexName, parts: Map<string, string[]>, opts: SearchParamsOptions) {
  for (const sub of parts.keys())
    if (!SUBKEYS.has(sub) || (sub === 'depth' && index !== 'path'))
      throw badRequest(`Unknown query option "${index}.${sub}".`);
  const def = INDEXES[index];
  const query = parts.get('query') ?? [];
  const not = parts.get('not');
  if (query.length > MAX_VALUES || (not?.length ?? 0) > MAX_VALUES)
    throw badRequest(`An index query takes at most ${MAX_VALUES} values.`);
  const single = (name: string) => {
    const v = parts.get(name);
    if (v && v.length > 1) throw badRequest(`${index}.${name} takes one value.`);
    return v?.[0];
  };
  switch (def.kind) {
    case 'path':
      return pathCriterion(query, single('depth'), opts);
    case 'text': {
      if (not || parts.has('range') || parts.has('operator'))
        throw badRequest(`${index} takes a text query only.`);
      const q = parseTextQuery(query.join(' '));
      return q && ({ kind: 'text', index: index as TextIndex, query: q } as const);
    }
    case 'keyword': {
      const operator = single('operator') ?? 'or';
      if (operator !== 'and' && operator !== 'or')
        throw badRequest(`${index}.operator must be "and" or "or".`);
      if (parts.has('range')) throw badRequest(`${index} takes no range.`);
      if (not)
        return {
          kind: 'keyword',
          index: index as KeywordIndex,
          values: not,
          operator: 'or',
          not: true,
        } as const;
      return { kind: 'keyword', index: index as KeywordIndex, values: query, operator } as const;
    }
    default: {
      if (parts.has('operator') && def.kind !== 'field') throw badRequest(`${index} takes no operator.`);
      const convert = (v: string) => valueFor(index, v);
      const range = single('range');
      if (range !== undefined) return rangeCriterion(index, range, query.map(convert));
      if (not) return { kind: 'field', index, values: not.map(convert), not: true } as const;
      return { kind: 'field', index, values: query.map(convert) } as const;
    }
  }
}

function pathCriterion(query: string[], depthRaw: string | undefined, opts: SearchParamsOptions): Criterion {
  if (query.length > MAX_PATHS) throw badRequest(`A path query takes at most ${MAX_PATHS} paths.`);
  let depth = -1;
  if (depthRaw !== undefined) {
    if (!/^-?\d{1,4}$/.test(depthRaw) || Number(depthRaw) < -1)
      throw badRequest('path.depth must be an integer ≥ -1.');
    depth = Number(depthRaw);
  }
  const paths = query.length ? query.map((p) => opts.sitePath(p)) : [opts.contextPath];
  return { kind: 'path', paths, depth };
}

/** A query value converted to what the index stores. */
export function valueFor(index: IndexName, v: string): string | number | boolean {
  const kind = INDEXES[index].kind;
  if (kind === 'date') {
    const ms = parseDateTime(v);
    if (ms === null) throw badRequest(`"${v}" is not a date (${index}).`);
    return new Date(ms).toISOString();
  }
  if (kind === 'boolean') {
    if (/^(true|1|on|yes)$/i.test(v)) return true;
    if (/^(false|0|off|no)$/i.test(v)) return false;
    throw badRequest(`"${v}" is not a boolean (${index}).`);
  }
  if (kind === 'int') {
    if (!/^-?\d{1,9}$/.test(v)) throw badRequest(`"${v}" is not an integer (${index}).`);
    return Number(v);
  }
  if (v.length > 2048) throw badRequest(`A value of ${index} is too long.`);
  return v;
}

function rangeCriterion(
  index: IndexName,
  range: string,
  values: Array<string | number | boolean>,
): Criterion {
  if (values.some((v) => typeof v === 'boolean')) throw badRequest(`${index} takes no range.`);
  const vs = values as Array<string | number>;
  if (range === 'min' && vs.length === 1) return { kind: 'range', index, min: vs[0] };
  if (range === 'max' && vs.length === 1) return { kind: 'range', index, max: vs[0] };
  if (range === 'min:max' && vs.length === 2) return { kind: 'range', index, min: vs[0], max: vs[1] };
  throw badRequest(`${index}.range must be "min" or "max" with one value, or "min:max" with two.`);
}
