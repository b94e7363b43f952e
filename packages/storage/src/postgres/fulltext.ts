// Full text on PostgreSQL: a tsvector per object, weighted (title A,
// description B, body D), stemmed with the text search configuration of the
// object's language, in a GIN index. Queries are built as tsquery text with
// every lexeme quoted, so user input is never read as tsquery syntax.
// https://www.postgresql.org/docs/current/textsearch.html
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

export const postgresFullText: FullText = {
  async create(db) {
    await sql`create table catalog_text (rid integer primary key, tsv tsvector not null)`.execute(db);
    await sql`create index catalog_text_tsv on catalog_text using gin (tsv)`.execute(db);
  },
  async put(db, rid, text, language) {
    const cfg = configFor(language);
    await sql`insert into catalog_text (rid, tsv) values (${rid},
        setweight(to_tsvector(${cfg}::regconfig, ${text.title}), 'A') ||
        setweight(to_tsvector(${cfg}::regconfig, ${text.description}), 'B') ||
        setweight(to_tsvector(${cfg}::regconfig, ${text.body}), 'D'))
      on conflict (rid) do update set tsv = excluded.tsv`.execute(db);
  },
  async remove(db, rids) {
    if (rids.length) await sql`delete from catalog_text where rid in (${sql.join(rids)})`.execute(db);
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
};
