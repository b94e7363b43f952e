// Full text on SQLite: an FTS5 table with the Porter stemmer (English) over
// Unicode-aware tokens, diacritics folded. Contentless (the text is not
// stored twice) with contentless_delete, so rows can be replaced by rowid.
// https://sqlite.org/fts5.html

import { createHash } from 'node:crypto';
import type { TextQuery } from '@tessera/core';
import { sql } from 'kysely';
import type { FullText, TextCriterion } from '../catalog/fulltext.js';

const COLUMN: Record<string, string> = { Title: 'title', Description: 'description' };

/** A term as an FTS5 string: always quoted, so no word is read as syntax. */
const quote = (w: string) => `"${w.replaceAll('"', '""')}"`;

export function fts5Query(q: TextQuery): string {
  switch (q.op) {
    case 'term':
      return q.prefix ? `${quote(q.word)} *` : quote(q.word);
    case 'phrase':
      return quote(q.words.join(' '));
    case 'or':
      return `(${q.items.map(fts5Query).join(' OR ')})`;
    case 'and': {
      // FTS5's NOT is binary (a NOT b): the positive part first, then each exclusion.
      const pos = q.items.filter((i) => i.op !== 'not').map(fts5Query);
      const neg = q.items
        .filter((i) => i.op === 'not')
        .map((i) => fts5Query((i as { item: TextQuery }).item));
      const head = pos.length === 1 ? pos[0] : `(${pos.join(' AND ')})`;
      return neg.length ? `(${head} NOT ${neg.join(' NOT ')})` : head!;
    }
    case 'not':
      throw new Error('a negation alone cannot be matched');
  }
}

/**
 * A view token as one FTS5 word: hashed, so that any token ('user:Bob',
 * 'Site Administrator') is one lowercase alphanumeric term no tokenizer
 * splits or folds onto another's.
 */
const aclTerm = (token: string) => `v${createHash('sha256').update(token).digest('hex').slice(0, 24)}`;

function ftsText(criteria: TextCriterion[]): string {
  const parts = criteria.map((c) => {
    const expr = fts5Query(c.query);
    const col = COLUMN[c.index];
    return col ? `{${col}} : (${expr})` : `{title description body} : (${expr})`;
  });
  return parts.length === 1 ? parts[0]! : parts.map((p) => `(${p})`).join(' AND ');
}

// bm25 is lower-is-better; titles weigh most, then descriptions (acl: nothing).
const RANK = sql<number>`-bm25(catalog_text, 10.0, 3.0, 1.0, 0.0)`;

export const sqliteFullText: FullText = {
  async create(db) {
    // `acl`: the view tokens as terms (aclTerm), so a search for what a
    // principal may see is answered by the index alone.
    await sql`create virtual table catalog_text using fts5(title, description, body, acl, content='', contentless_delete=1, tokenize='porter unicode61 remove_diacritics 2')`.execute(
      db,
    );
  },
  async put(db, rid, text, _language, view) {
    const acl = view.map(aclTerm).join(' ');
    await sql`insert or replace into catalog_text (rowid, title, description, body, acl) values (${rid}, ${text.title}, ${text.description}, ${text.body}, ${acl})`.execute(
      db,
    );
  },
  async remove(db, rids) {
    for (const rid of rids) await sql`delete from catalog_text where rowid = ${rid}`.execute(db);
  },
  joinOn: sql<boolean>`catalog_text.rowid = catalog_access.rid`,
  match(criteria: TextCriterion[]) {
    return { where: sql<boolean>`catalog_text match ${ftsText(criteria)}`, rank: RANK };
  },
  visibleMatch(criteria: TextCriterion[], tokens: string[]) {
    const acl = `{acl} : (${tokens.map((t) => `"${aclTerm(t)}"`).join(' OR ')})`;
    const where = sql<boolean>`catalog_text match ${`(${ftsText(criteria)}) AND ${acl}`}`;
    return {
      async count(db) {
        const row = await sql<{ n: number }>`select count(*) as n from catalog_text where ${where}`.execute(
          db,
        );
        return Number(row.rows[0].n);
      },
      matchesRow: sql<boolean>`exists (select 1 from catalog_text where ${where} and catalog_text.rowid = catalog_access.rid)`,
      async top(db, limit) {
        const rows = await sql<{
          rid: number;
        }>`select rowid as rid from catalog_text where ${where} order by ${RANK} desc, rowid limit ${limit}`.execute(
          db,
        );
        return rows.rows.map((r) => Number(r.rid));
      },
    };
  },
};
