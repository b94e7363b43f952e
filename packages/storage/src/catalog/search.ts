// A CatalogQuery as SQL over the catalog table: each criterion a condition,
// the security filter (view tokens, publication window) pushed into the same
// query, one COUNT for the total and one page of rows, never whole objects.
import {
  type Brain,
  type CatalogPage,
  type CatalogQuery,
  type Criterion,
  depthOf,
  type IndexName,
  type ListFilter,
  type SearchResult,
  type TextIndex,
} from '@tessera/core';
import { type Expression, type Kysely, type RawBuilder, type SqlBool, sql } from 'kysely';
import type { DialectCaps } from '../dialect.js';
import type { TextCriterion, VisibleMatch } from './fulltext.js';

/** Index name → catalog column, for field, date, int and boolean indexes. */
const COLUMN: Partial<Record<IndexName, string>> = {
  portal_type: 'portal_type',
  review_state: 'review_state',
  Creator: 'creator',
  getId: 'id',
  id: 'id',
  Language: 'language',
  sortable_title: 'sortable_title',
  UID: 'uid',
  created: 'created',
  modified: 'modified',
  effective: 'effective',
  expires: 'expires',
  start: 'start_date',
  end: 'end_date',
  getObjPositionInParent: 'position',
  is_folderish: 'is_folderish',
  exclude_from_nav: 'exclude_from_nav',
  path: 'path',
};

/** Indexes also held in the narrow catalog_access row: no join to `catalog` needed for them. */
const ACCESS: Partial<Record<IndexName, string>> = {
  portal_type: 'portal_type',
  effective: 'effective',
  expires: 'expires',
};

const col = (index: IndexName) =>
  ACCESS[index] ? sql.ref(`catalog_access.${ACCESS[index]}`) : sql.ref(`catalog.${COLUMN[index]}`);

/** Whether a criterion reads columns only the wide `catalog` row has. */
function needsCatalog(c: Criterion): boolean {
  switch (c.kind) {
    case 'text':
      return false;
    case 'path':
      return !(c.depth < 0 && c.paths.includes(''));
    case 'keyword':
      return c.index === 'allowedRolesAndUsers';
    default:
      return !ACCESS[c.index];
  }
}
const dbValue = (v: string | number | boolean) => (typeof v === 'boolean' ? (v ? 1 : 0) : v);

/**
 * The object at `path` and what lies below it. `path >= p and path < p0`
 * ('0' is the character after '/') is one range scan of the path index on
 * every database; the rest drops the siblings inside that range whose names
 * only start like p's ('/news-archive' for '/news').
 */
function subtree(path: string, depth: number): RawBuilder<SqlBool> {
  const p = sql.ref('catalog.path');
  const d = sql.ref('catalog.depth');
  const base = depthOf(path);
  if (depth === 0) return sql<SqlBool>`${p} = ${path}`;
  if (path === '' && depth < 0) return sql<SqlBool>`1 = 1`;
  const range = sql<SqlBool>`${p} >= ${path} and ${p} < ${`${path}0`}`;
  const below = sql<SqlBool>`${p} > ${`${path}/`}`;
  // ExtendedPathIndex: depth 1 is the children only; deeper limits include the object itself.
  if (depth === 1) return sql<SqlBool>`(${range} and ${below} and ${d} = ${base + 1})`;
  const selfOrBelow = sql<SqlBool>`(${p} = ${path} or ${below})`;
  if (depth < 0) return sql<SqlBool>`(${range} and ${selfOrBelow})`;
  return sql<SqlBool>`(${range} and ${selfOrBelow} and ${d} <= ${base + depth})`;
}

function condition(c: Exclude<Criterion, { kind: 'text' }>): Expression<SqlBool> {
  switch (c.kind) {
    case 'path':
      return c.paths.length === 1
        ? subtree(c.paths[0]!, c.depth)
        : sql<SqlBool>`(${sql.join(
            c.paths.map((p) => subtree(p, c.depth)),
            sql` or `,
          )})`;
    case 'field': {
      if (c.values.length === 0) return sql<SqlBool>`${sql.lit(c.not ? 1 : 0)} = 1`;
      const values = sql.join(c.values.map(dbValue));
      // A `not` also keeps objects without a value (as Plone's indexes do).
      return c.not
        ? sql<SqlBool>`(${col(c.index)} is null or ${col(c.index)} not in (${values}))`
        : sql<SqlBool>`${col(c.index)} in (${values})`;
    }
    case 'range': {
      const parts: RawBuilder<SqlBool>[] = [];
      if (c.min !== undefined) parts.push(sql<SqlBool>`${col(c.index)} >= ${c.min}`);
      if (c.max !== undefined) parts.push(sql<SqlBool>`${col(c.index)} <= ${c.max}`);
      return sql<SqlBool>`(${sql.join(parts, sql` and `)})`;
    }
    case 'keyword':
      return keywordCondition(c);
  }
}

function keywordCondition(c: Extract<Criterion, { kind: 'keyword' }>): Expression<SqlBool> {
  if (c.values.length === 0) return sql<SqlBool>`${sql.lit(c.not ? 1 : 0)} = 1`;
  const has = (values: string[]) =>
    c.index === 'allowedRolesAndUsers'
      ? sql<SqlBool>`exists (select 1 from object_view v where v.uid = catalog.uid and v.token in (${sql.join(values)}))`
      : sql<SqlBool>`exists (select 1 from catalog_keywords k where k.rid = catalog_access.rid and k.idx = ${c.index} and k.value in (${sql.join(values)}))`;
  if (c.not) return sql<SqlBool>`not ${has(c.values)}`;
  if (c.operator === 'or') return has(c.values);
  return sql<SqlBool>`(${sql.join(
    c.values.map((v) => has([v])),
    sql` and `,
  )})`;
}

/**
 * The security filter on the narrow row: one of the principal's tokens among
 * the object's view tokens, and (unless exempt) the window open.
 */
function visible(caps: DialectCaps, filter: ListFilter): Expression<SqlBool> {
  const view = sql.ref<string>('catalog_access.view') as unknown as RawBuilder<string>;
  const any = sql<SqlBool>`(${sql.join(
    filter.tokens.map((t) => caps.contains(view, ` ${t} `)),
    sql` or `,
  )})`;
  if (filter.activeAt === null) return any;
  return sql<SqlBool>`(${any} and catalog_access.effective <= ${filter.activeAt} and catalog_access.expires > ${filter.activeAt})`;
}

export interface SearchOptions {
  /** null: no security filter (system principal). */
  filter: ListFilter | null;
  page: CatalogPage;
}

type Row = {
  uid: string;
  path: string;
  parent_uid: string | null;
  id: string;
  portal_type: string;
  position: number;
  created: string;
  modified: string;
  meta: string;
};

export async function searchCatalog(
  db: Kysely<any>,
  caps: DialectCaps,
  q: CatalogQuery,
  opts: SearchOptions,
): Promise<SearchResult> {
  const text = q.criteria.filter((c): c is Extract<Criterion, { kind: 'text' }> => c.kind === 'text');
  const rest = q.criteria.filter((c): c is Exclude<Criterion, { kind: 'text' }> => c.kind !== 'text');
  const language = rest.find(
    (c) => c.kind === 'field' && c.index === 'Language' && !c.not && c.values.length === 1,
  );
  const match = text.length
    ? caps.fullText.match(
        text.map((c): TextCriterion => ({ index: c.index as TextIndex, query: c.query })),
        language && language.kind === 'field' ? String(language.values[0]) : null,
      )
    : undefined;

  const everywhere = rest.every((c) => c.kind === 'path' && c.depth < 0 && c.paths.includes(''));
  const visibleMatch =
    text.length && everywhere && opts.filter?.tokens.length && q.sort.length === 0 && q.limit === undefined
      ? caps.fullText.visibleMatch?.(
          text.map((c): TextCriterion => ({ index: c.index as TextIndex, query: c.query })),
          opts.filter.tokens,
        )
      : undefined;
  if (visibleMatch && opts.filter) return visibleTextSearch(db, visibleMatch, opts.filter, opts.page);
  const wide = rest.some(needsCatalog) || q.sort.some((k) => !ACCESS[k.index]);
  let base = db.selectFrom('catalog_access');
  if (match)
    base = base.innerJoin(sql.table('catalog_text').as('catalog_text') as any, (j: any) =>
      j.on(caps.fullText.joinOn),
    );
  if (wide) base = base.innerJoin('catalog', 'catalog.rid', 'catalog_access.rid');
  const conditions: Expression<SqlBool>[] = rest.map(condition);
  if (match) conditions.push(match.where);
  if (opts.filter) {
    if (opts.filter.tokens.length === 0) return { total: 0, brains: [] };
    conditions.push(visible(caps, opts.filter));
  }
  if (conditions.length) base = base.where(({ and }) => and(conditions as any));

  const start = opts.page.start;
  const order = (qb: typeof base) => {
    let page = qb;
    for (const key of q.sort) {
      const c = col(key.index);
      // Objects without a value (start/end of non-events) sort last either way.
      if (key.index === 'start' || key.index === 'end' || key.index === 'review_state')
        page = page.orderBy(sql`${c} is null`);
      page = page.orderBy(c, key.descending ? 'desc' : 'asc');
    }
    // Unsorted: by relevance for a text search, else in catalog order (when
    // objects were catalogued), as ZCatalog returns unsorted results.
    if (q.sort.length === 0 && match) page = page.orderBy(match.rank, 'desc');
    return page.orderBy('catalog_access.rid');
  };
  const limitOf = (total: number) => Math.max(0, Math.min(opts.page.size, total - start));
  // One COUNT, then the page. (A window count in the ranking query costs
  // more than this on SQLite, and FTS5's bm25 refuses to run under one.)
  let total = await countOf(base);
  if (q.limit !== undefined) total = Math.min(total, q.limit);
  const size = limitOf(total);
  if (size === 0) return { total, brains: [] };
  const found = (await order(base.select('catalog_access.rid') as any)
    .limit(size)
    .offset(start)
    .execute()) as Array<{ rid: number }>;
  const rids = found.map((r) => Number(r.rid));
  return { total, brains: await brainsOf(db, rids) };
}

/** The brains of one page, from the wide rows, in the order of `rids`. */
async function brainsOf(db: Kysely<any>, rids: number[]): Promise<Brain[]> {
  if (rids.length === 0) return [];
  const rows = (await db
    .selectFrom('catalog')
    .select([
      'rid',
      'uid',
      'path',
      'parent_uid',
      'id',
      'portal_type',
      'position',
      'created',
      'modified',
      'meta',
    ])
    .where('rid', 'in', rids)
    .execute()) as Array<Row & { rid: number }>;
  const byRid = new Map(rows.map((r) => [Number(r.rid), r]));
  return rids.flatMap((rid) => {
    const row = byRid.get(rid);
    return row ? [toBrain(row)] : [];
  });
}

/**
 * A plain text search (no other criterion, by relevance) on an engine that
 * indexes view tokens: count and rank on the full-text tables alone. Only the
 * matches whose publication window is closed now (few: pending or expired
 * items) are looked up, to be left out.
 */
async function visibleTextSearch(
  db: Kysely<any>,
  m: VisibleMatch,
  filter: ListFilter,
  page: CatalogPage,
): Promise<SearchResult> {
  const counted = await m.count(db);
  let closed = new Set<number>();
  if (filter.activeAt !== null) {
    const now = filter.activeAt;
    const rows = await db
      .selectFrom('catalog_access')
      .select('rid')
      .where((eb: any) => eb.or([eb('effective', '>', now), eb('expires', '<=', now)]))
      .where(m.matchesRow as any)
      .execute();
    closed = new Set(rows.map((r: { rid: number }) => Number(r.rid)));
  }
  const total = counted - closed.size;
  const size = Math.max(0, Math.min(page.size, total - page.start));
  if (size === 0) return { total, brains: [] };
  const rids = (await m.top(db, page.start + size + closed.size))
    .filter((rid) => !closed.has(rid))
    .slice(page.start, page.start + size);
  return { total, brains: await brainsOf(db, rids) };
}

async function countOf(base: { select: (x: any) => any }): Promise<number> {
  const counted = await base.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
  return Number(counted.n);
}

function toBrain(r: Row): Brain {
  return {
    uid: r.uid,
    path: r.path,
    parentUid: r.parent_uid,
    id: r.id,
    type: r.portal_type,
    position: Number(r.position),
    created: r.created,
    modified: r.modified,
    meta: JSON.parse(r.meta),
  };
}

/** Distinct values of a keyword index (the Keywords vocabulary), optionally among what a principal may see. */
export async function keywordValues(
  db: Kysely<any>,
  caps: DialectCaps,
  index: string,
  filter: ListFilter | null,
): Promise<string[]> {
  let q = db.selectFrom('catalog_keywords as k').select('k.value').distinct().where('k.idx', '=', index);
  if (filter)
    q = q.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('catalog')
          .select('catalog.rid')
          .whereRef('catalog.rid', '=', 'k.rid')
          .innerJoin('catalog_access', 'catalog_access.rid', 'catalog.rid')
          .where(() => visible(caps, filter) as any),
      ),
    );
  const rows = await q.orderBy('k.value').limit(10_000).execute();
  return rows.map((r: { value: string }) => r.value);
}
