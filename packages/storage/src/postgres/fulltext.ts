// Full text on PostgreSQL: a tsvector per object, weighted (title A,
// description B, body D), stemmed with the text search configuration of the
// object's language, in a GIN index. Queries are built as tsquery text with
// every lexeme quoted, so user input is never read as tsquery syntax.
// https://www.postgresql.org/docs/current/textsearch.html
//
// Plain text searches (the site search box) use two narrower tables instead
// (migration 0009, docs/decisions/0026-postgres-text-search.md):
// `catalog_text_words`, the same lexemes stripped of positions plus the
// object's view tokens as lexemes, which counts the visible matches from its
// GIN index over a narrow heap; and `catalog_text_head`, the title and
// description vector plus the view tokens, which ranks. Results come in two
// tiers: matches in title or description by ts_rank, then matches in the
// body alone, newest first. Ranking every body vector (~2 KB each) was the
// bulk of a search's cost.
import type { TextQuery } from '@tessera/core';
import { sql } from 'kysely';
import type { FullText, TextCriterion } from '../catalog/fulltext.js';

/** Language code → a built-in text search configuration; others are not stemmed. */
const CONFIGS: Record<string, string> = {
  en: 'english',
  de: 'german',
  fr: 'french',
  es: 'spanish',
  it: 'italian',
  nl: 'dutch',
  pt: 'portuguese',
  sv: 'swedish',
  da: 'danish',
  fi: 'finnish',
  nb: 'norwegian',
  no: 'norwegian',
  ru: 'russian',
  hu: 'hungarian',
  ro: 'romanian',
  tr: 'turkish',
};
/** Content without a language, and queries that name none, use English stemming. */
const DEFAULT_CONFIG = 'english';

export const configFor = (language: string | null) =>
  CONFIGS[(language ?? '').slice(0, 2).toLowerCase()] ?? (language ? 'simple' : DEFAULT_CONFIG);

const WEIGHT: Record<string, string> = { Title: 'A', Description: 'B', SearchableText: '' };

const lexeme = (w: string) => `'${w.replaceAll("'", "''").replaceAll('\\', '\\\\')}'`;

export function tsQuery(q: TextQuery, weight: string): string {
  switch (q.op) {
    case 'term':
      return `${lexeme(q.word)}${q.prefix || weight ? `:${q.prefix ? '*' : ''}${weight}` : ''}`;
    case 'phrase':
      return `(${q.words.map((w) => `${lexeme(w)}${weight ? `:${weight}` : ''}`).join(' <-> ')})`;
    case 'and':
      return `(${q.items.map((i) => tsQuery(i, weight)).join(' & ')})`;
    case 'or':
      return `(${q.items.map((i) => tsQuery(i, weight)).join(' | ')})`;
    case 'not':
      return `!${tsQuery(q.item, weight)}`;
  }
}

/** A view token as a lexeme no text produces (the parser never emits '§'). */
const viewLexeme = (token: string) => `§${token}`;
const viewQuery = (tokens: string[]) => sql`${tokens.map((t) => lexeme(viewLexeme(t))).join(' | ')}::tsquery`;

/** Queries the stripped words can answer: no phrase (needs positions), no weight (Title/Description indexes). */
const plainQuery = (q: TextQuery): boolean =>
  q.op === 'term'
    ? true
    : q.op === 'phrase'
      ? false
      : q.op === 'not'
        ? plainQuery(q.item)
        : q.items.every(plainQuery);
const hasNot = (q: TextQuery): boolean =>
  q.op === 'not' ? true : q.op === 'and' || q.op === 'or' ? q.items.some(hasNot) : false;

export const postgresFullText: FullText = {
  async create(db) {
    await sql`create table catalog_text (rid integer primary key, tsv tsvector not null)`.execute(db);
    await sql`create index catalog_text_tsv on catalog_text using gin (tsv)`.execute(db);
  },
  async createTiers(db) {
    await sql`create table catalog_text_words (rid integer primary key, words tsvector not null)`.execute(db);
    await sql`create index catalog_text_words_gin on catalog_text_words using gin (words)`.execute(db);
    await sql`create table catalog_text_head (rid integer primary key, head tsvector not null)`.execute(db);
    await sql`create index catalog_text_head_gin on catalog_text_head using gin (head)`.execute(db);
    // Existing rows: the stripped words and the A/B-weighted part of each
    // vector, with the view tokens of catalog_access (split as the catalog
    // writer reads them).
    const acl = sql`array_to_tsvector(array(select '§' || t from unnest(string_to_array(a.view, ' ')) t where t <> ''))`;
    await sql`insert into catalog_text_words (rid, words)
      select t.rid, strip(t.tsv) || ${acl} from catalog_text t join catalog_access a on a.rid = t.rid`.execute(
      db,
    );
    await sql`insert into catalog_text_head (rid, head)
      select t.rid, ts_filter(t.tsv, '{a,b}') || ${acl} from catalog_text t join catalog_access a on a.rid = t.rid`.execute(
      db,
    );
  },
  async put(db, rid, text, language, view) {
    const cfg = configFor(language);
    // One statement for the three tables: one round trip inside the write.
    await sql`with v as (select
          setweight(to_tsvector(${cfg}::regconfig, ${text.title}), 'A') ||
          setweight(to_tsvector(${cfg}::regconfig, ${text.description}), 'B') as head,
          setweight(to_tsvector(${cfg}::regconfig, ${text.body}), 'D') as body,
          array_to_tsvector(${[...new Set(view.map(viewLexeme))]}::text[]) as acl),
        t as (insert into catalog_text (rid, tsv) select ${rid}, head || body from v
          on conflict (rid) do update set tsv = excluded.tsv),
        h as (insert into catalog_text_head (rid, head) select ${rid}, head || acl from v
          on conflict (rid) do update set head = excluded.head)
      insert into catalog_text_words (rid, words) select ${rid}, strip(head || body) || acl from v
        on conflict (rid) do update set words = excluded.words`.execute(db);
  },
  async remove(db, rids) {
    if (!rids.length) return;
    const list = sql.join(rids);
    await sql`with t as (delete from catalog_text where rid in (${list})),
        h as (delete from catalog_text_head where rid in (${list}))
      delete from catalog_text_words where rid in (${list})`.execute(db);
  },
  joinOn: sql<boolean>`catalog_text.rid = catalog_access.rid`,
  match(criteria: TextCriterion[], language) {
    const text = criteria.map((c) => tsQuery(c.query, WEIGHT[c.index] ?? '')).join(' & ');
    const q = sql`to_tsquery(${configFor(language)}::regconfig, ${text})`;
    return {
      where: sql<boolean>`catalog_text.tsv @@ ${q}`,
      rank: sql<number>`ts_rank(catalog_text.tsv, ${q})`,
    };
  },
  visibleMatch(criteria: TextCriterion[], tokens: string[]) {
    if (!criteria.every((c) => c.index === 'SearchableText' && plainQuery(c.query))) return undefined;
    const text = criteria.map((c) => tsQuery(c.query, '')).join(' & ');
    const q = sql`to_tsquery(${configFor(null)}::regconfig, ${text})`;
    const visibleQ = sql`(${q} && ${viewQuery(tokens)})`;
    // A NOT can hold in title/description but not in the whole text: then
    // the first tier must check the words too.
    const headTier = criteria.some((c) => hasNot(c.query))
      ? sql`h.head @@ ${visibleQ} and exists (select 1 from catalog_text_words w where w.rid = h.rid and w.words @@ ${visibleQ})`
      : sql`h.head @@ ${visibleQ}`;
    return {
      async count(db) {
        const r = await sql<{
          n: string;
        }>`select count(*) as n from catalog_text_words w where w.words @@ ${visibleQ}`.execute(db);
        return Number(r.rows[0].n);
      },
      matchesRow: sql<boolean>`exists (select 1 from catalog_text_words w where w.rid = catalog_access.rid and w.words @@ ${visibleQ})`,
      async top(db, limit) {
        const first = await sql<{ rid: number }>`select h.rid from catalog_text_head h where ${headTier}
          order by ts_rank(h.head, ${q}) desc, h.rid desc limit ${limit}`.execute(db);
        const rids = first.rows.map((r) => Number(r.rid));
        if (rids.length < limit) {
          // Body-only matches, newest first: a backward scan of the primary
          // key that stops once the page is full.
          const rest = await sql<{
            rid: number;
          }>`select w.rid from catalog_text_words w where w.words @@ ${visibleQ}
            and not exists (select 1 from catalog_text_head h where h.rid = w.rid and ${headTier})
            order by w.rid desc limit ${limit - rids.length}`.execute(db);
          for (const r of rest.rows) rids.push(Number(r.rid));
        }
        return rids;
      },
    };
  },
};
