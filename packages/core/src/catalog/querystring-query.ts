// The query format of Collections and Volto's listing and search blocks
// (plone.app.querystring): rows of {i: index, o: operation, v: value} → a
// CatalogQuery. Paths may be UIDs and carry a depth (`/news::1`).
// https://6.docs.plone.org/plone.restapi/docs/source/endpoints/querystringsearch.html
import { badRequest } from '../errors.js';
import { INDEXES, isIndex, type KeywordIndex, type TextIndex } from './indexes.js';
import type { Criterion } from './query-model.js';
import { valueFor } from './search-params.js';
import { parseTextQuery } from './text-query.js';

export interface QueryRow {
  i: string;
  o: string;
  v?: unknown;
}

export interface QuerystringContext {
  /** Site-relative path of the object the query runs on (a Collection, a page with a listing). */
  contextPath: string;
  /** The requesting user's id (string.currentUser), null for anonymous. */
  userId: string | null;
  /** A client path or UID → site-relative path; undefined when the UID is unknown. */
  resolvePath(pathOrUid: string): Promise<string | undefined>;
  now: Date;
}

const MAX_ROWS = 50;
const OP = 'plone.app.querystring.operation.';
const DAY = 86_400_000;

const strings = (v: unknown): string[] => {
  const list = Array.isArray(v) ? v : v === undefined || v === null || v === '' ? [] : [v];
  for (const x of list)
    if (typeof x !== 'string' && typeof x !== 'number' && typeof x !== 'boolean')
      throw badRequest('Query values must be strings or lists of strings.');
  return list.map(String);
};

const one = (v: unknown, op: string): string => {
  const [first, ...rest] = strings(v);
  if (first === undefined || rest.length) throw badRequest(`The operation ${op} takes one value.`);
  return first;
};

/** Midnight UTC of the day `d` falls in, shifted by `days`. */
const dayStart = (d: Date, days = 0) =>
  new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) + days * DAY).toISOString();
const dayEnd = (d: Date, days = 0) => new Date(Date.parse(dayStart(d, days + 1)) - 1).toISOString();

export async function querystringCriteria(rows: unknown, ctx: QuerystringContext): Promise<Criterion[]> {
  if (!Array.isArray(rows)) throw badRequest('"query" must be a list of {i, o, v} rows.');
  if (rows.length > MAX_ROWS) throw badRequest(`A query takes at most ${MAX_ROWS} rows.`);
  const out: Criterion[] = [];
  for (const row of rows) {
    if (!row || typeof row !== 'object' || typeof row.i !== 'string' || typeof row.o !== 'string')
      throw badRequest('Each query row needs "i" (an index) and "o" (an operation).');
    const c = await criterion(row as QueryRow, ctx);
    if (c) out.push(c);
  }
  return out;
}

async function criterion(row: QueryRow, ctx: QuerystringContext): Promise<Criterion | undefined> {
  const { i: index, v } = row;
  if (!isIndex(index)) throw badRequest(`Unknown index "${index}".`);
  const op = row.o.startsWith(OP) ? row.o.slice(OP.length) : row.o;
  const kind = INDEXES[index].kind;
  const convert = (x: string) => valueFor(index, x);
  switch (op) {
    case 'selection.any':
    case 'selection.is':
    case 'list.contains':
    case 'string.is':
    case 'int.is':
    case 'reference.is': {
      const values = strings(v);
      if (kind === 'keyword')
        return { kind: 'keyword', index: index as KeywordIndex, values, operator: 'or' };
      if (kind === 'text') return textCriterion(index as TextIndex, values.join(' '));
      if (kind === 'path') return pathCriterion(values, ctx, false);
      return { kind: 'field', index, values: values.map(convert) };
    }
    case 'selection.all':
      if (kind !== 'keyword') return { kind: 'field', index, values: strings(v).map(convert) };
      return { kind: 'keyword', index: index as KeywordIndex, values: strings(v), operator: 'and' };
    case 'selection.none':
    case 'string.isNot':
      if (kind === 'keyword')
        return {
          kind: 'keyword',
          index: index as KeywordIndex,
          values: strings(v),
          operator: 'or',
          not: true,
        };
      return { kind: 'field', index, values: strings(v).map(convert), not: true };
    case 'string.contains':
      if (kind !== 'text') throw badRequest(`${index} is not a text index.`);
      return textCriterion(index as TextIndex, strings(v).join(' '));
    case 'string.currentUser':
      return { kind: 'field', index, values: [ctx.userId ?? ''] };
    case 'string.absolutePath':
    case 'string.path':
      return pathCriterion(strings(v), ctx, false);
    case 'string.relativePath':
      return pathCriterion(strings(v), ctx, true);
    case 'boolean.isTrue':
      return { kind: 'field', index, values: [true] };
    case 'boolean.isFalse':
      return { kind: 'field', index, values: [false] };
    case 'int.lessThan':
      return { kind: 'range', index, max: convert(one(v, op)) as number };
    case 'int.largerThan':
      return { kind: 'range', index, min: convert(one(v, op)) as number };
    default:
      if (op.startsWith('date.')) return dateCriterion(index, op, v, ctx.now);
      throw badRequest(`Unknown query operation "${row.o}".`);
  }
}

function textCriterion(index: TextIndex, text: string): Criterion | undefined {
  const query = parseTextQuery(text);
  return query && { kind: 'text', index, query };
}

function dateCriterion(index: string, op: string, v: unknown, now: Date): Criterion {
  if (INDEXES[index as keyof typeof INDEXES].kind !== 'date')
    throw badRequest(`${index} is not a date index.`);
  const idx = index as 'created';
  const date = (x: string) => valueFor(idx, x) as string;
  const days = () => {
    const n = Number(one(v, op));
    if (!Number.isFinite(n) || Math.abs(n) > 100_000) throw badRequest(`${op} takes a number of days.`);
    return n;
  };
  switch (op) {
    case 'date.lessThan':
      return { kind: 'range', index: idx, max: date(one(v, op)) };
    case 'date.largerThan':
      return { kind: 'range', index: idx, min: date(one(v, op)) };
    case 'date.between': {
      const [a, b] = strings(v);
      if (!a || !b) throw badRequest('date.between takes two dates.');
      return { kind: 'range', index: idx, min: date(a), max: date(b) };
    }
    case 'date.today':
      return { kind: 'range', index: idx, min: dayStart(now), max: dayEnd(now) };
    case 'date.beforeToday':
      return { kind: 'range', index: idx, max: dayStart(now) };
    case 'date.afterToday':
      return { kind: 'range', index: idx, min: dayEnd(now) };
    // Within the next n days (from today on).
    case 'date.lessThanRelativeDate':
      return { kind: 'range', index: idx, min: dayStart(now), max: dayEnd(now, days()) };
    // Within the last n days (up to today).
    case 'date.largerThanRelativeDate':
      return { kind: 'range', index: idx, min: dayStart(now, -days()), max: dayEnd(now) };
    case 'date.beforeRelativeDate':
      return { kind: 'range', index: idx, max: dayStart(now, days()) };
    case 'date.afterRelativeDate':
      return { kind: 'range', index: idx, min: dayStart(now, days()) };
    default:
      throw badRequest(`Unknown query operation "${op}".`);
  }
}

/** `/news::1`, a UID, or (relative) `..`, `../sibling`, `./child`, each with an optional `::depth`. */
async function pathCriterion(
  values: string[],
  ctx: QuerystringContext,
  relative: boolean,
): Promise<Criterion> {
  const paths: string[] = [];
  let depth = -1;
  for (const raw of values) {
    const [p, d] = raw.split('::');
    if (d !== undefined) {
      if (!/^-?\d{1,4}$/.test(d)) throw badRequest(`"${raw}": the depth after "::" must be an integer.`);
      depth = Number(d);
    }
    const target = relative ? resolveRelative(ctx.contextPath, p ?? '') : await ctx.resolvePath(p ?? '');
    if (target === undefined) throw badRequest(`"${p}" is not a path or UID of this site.`);
    paths.push(target);
  }
  if (paths.length === 0) paths.push(ctx.contextPath);
  return { kind: 'path', paths, depth };
}

function resolveRelative(from: string, rel: string): string {
  const segs = from.split('/').filter(Boolean);
  for (const part of rel.split('/')) {
    if (part === '..') segs.pop();
    else if (part && part !== '.') segs.push(part);
  }
  return segs.length ? `/${segs.join('/')}` : '';
}
