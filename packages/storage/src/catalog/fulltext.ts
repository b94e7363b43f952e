// The seam between the catalog and each database's full-text engine: the
// `catalog_text` table (one row per catalog row, keyed by its `rid`), how a
// row is written, and how a parsed text query becomes a condition and a
// relevance score. Implementations: sqlite/fulltext.ts (FTS5),
// postgres/fulltext.ts (tsvector), mysql/fulltext.ts (InnoDB FULLTEXT).
import type { SearchableText, TextIndex, TextQuery } from '@tessera/core';
import type { Kysely, RawBuilder } from 'kysely';

export interface TextCriterion {
  index: TextIndex;
  query: TextQuery;
}

export interface FullText {
  /** Creates `catalog_text` and its indexes (migration 0005). */
  create(db: Kysely<any>): Promise<void>;
  /**
   * Writes or replaces one row's text. `language`: the object's language
   * code; `view`: its view tokens (an engine may index them, see `visibleMatch`).
   */
  put(db: Kysely<any>, rid: number, text: SearchableText, language: string, view: string[]): Promise<void>;
  remove(db: Kysely<any>, rids: number[]): Promise<void>;
  /** The join condition of `catalog_text` to the searched row `catalog_access.rid`. */
  joinOn: RawBuilder<boolean>;
  /**
   * The condition every criterion holds and a relevance score (higher is
   * better). `language`: the language asked for, if one (PostgreSQL stems by it).
   */
  match(
    criteria: TextCriterion[],
    language: string | null,
  ): { where: RawBuilder<boolean>; rank: RawBuilder<number> };
  /**
   * Engines that index view tokens with the text: the match of `criteria`
   * restricted to rows one of `tokens` may view, answered from the full-text
   * index alone (catalog/search.ts uses it for plain text searches).
   */
  visibleMatch?(
    criteria: TextCriterion[],
    tokens: string[],
  ): { where: RawBuilder<boolean>; rank: RawBuilder<number> };
}
