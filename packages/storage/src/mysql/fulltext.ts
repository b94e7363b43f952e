// Full text on MariaDB/MySQL: InnoDB FULLTEXT indexes queried in boolean
// mode. No stemming (InnoDB has none); words shorter than the server's
// minimum token size (3 by default) are not indexed, so they are left out of
// queries rather than making every search fail. The table has a
// case-insensitive collation of its own (full-text matching follows the
// column's collation; the database's may be binary).
// https://mariadb.com/kb/en/full-text-index-overview/
import type { TextQuery } from '@tessera/core';
import { sql } from 'kysely';
import type { FullText, TextCriterion } from '../catalog/fulltext.js';

const MIN_TOKEN = 3;

const COLUMNS: Record<string, string> = {
  Title: 'catalog_text.title',
  Description: 'catalog_text.description',
  SearchableText: 'catalog_text.title, catalog_text.description, catalog_text.body',
};

/** Boolean-mode text, or '' when nothing in it can match an index entry. */
export function booleanQuery(q: TextQuery): string {
  switch (q.op) {
    case 'term':
      return q.word.length < MIN_TOKEN && !q.prefix ? '' : `${q.word}${q.prefix ? '*' : ''}`;
    case 'phrase':
      return `"${q.words.join(' ')}"`;
    case 'not': {
      const inner = booleanQuery(q.item);
      return inner ? `-${group(inner)}` : '';
    }
    case 'and': {
      const items = q.items.map((i) => [i, booleanQuery(i)] as const).filter(([, s]) => s);
      return items.map(([i, s]) => (i.op === 'not' ? s : `+${group(s)}`)).join(' ');
    }
    case 'or':
      return q.items
        .map(booleanQuery)
        .filter(Boolean)
        .map((s) => group(s))
        .join(' ');
  }
}

const group = (s: string) => (/^[\w*"]+$/u.test(s) || /^"[^"]*"$/.test(s) ? s : `(${s})`);

export const mysqlFullText: FullText = {
  async create(db) {
    await sql`create table catalog_text (
        rid integer primary key, title text not null, description text not null, body mediumtext not null,
        fulltext index catalog_text_all (title, description, body),
        fulltext index catalog_text_title (title),
        fulltext index catalog_text_description (description)
      ) engine=InnoDB default charset=utf8mb4 collate=utf8mb4_unicode_ci`.execute(db);
  },
  async put(db, rid, text) {
    await sql`insert into catalog_text (rid, title, description, body) values (${rid}, ${text.title}, ${text.description}, ${text.body})
      on duplicate key update title = values(title), description = values(description), body = values(body)`.execute(
      db,
    );
  },
  async remove(db, rids) {
    if (rids.length) await sql`delete from catalog_text where rid in (${sql.join(rids)})`.execute(db);
  },
  joinOn: sql<boolean>`catalog_text.rid = catalog_access.rid`,
  match(criteria: TextCriterion[]) {
    const against = (c: TextCriterion) => {
      const text = booleanQuery(c.query);
      // Nothing indexable (only short words): match nothing rather than everything.
      return text ? `+${group(text)}` : '+"\u0000"';
    };
    const score = (columns: string, q: string) =>
      sql<number>`match(${sql.raw(columns)}) against (${q} in boolean mode)`;
    const parts = criteria.map((c) => score(COLUMNS[c.index]!, against(c)));
    // InnoDB weighs no column above another: add a title score so title matches rank first.
    const title = criteria
      .filter((c) => c.index === 'SearchableText')
      .map((c) => sql<number>`3 * ${score(COLUMNS.Title!, against(c))}`);
    return {
      where: sql<boolean>`(${sql.join(parts, sql` > 0 and `)} > 0)`,
      rank: sql<number>`(${sql.join([...parts, ...title], sql` + `)})`,
    };
  },
};
