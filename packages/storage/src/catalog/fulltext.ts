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
   * Engines that index view tokens with the text: a plain text search
   * (`criteria`, no other criterion, by relevance) restricted to rows one of
   * `tokens` may view, answered from the full-text tables alone
   * (catalog/search.ts). Undefined when the engine cannot answer these
   * criteria that way (the general path then runs).
   */
  visibleMatch?(criteria: TextCriterion[], tokens: string[]): VisibleMatch | undefined;
  /** Creates the engine's extra full-text tables of migration 0009, if it has any. */
  createTiers?(db: Kysely<any>): Promise<void>;
}

/** A text search restricted to what a principal may view (FullText.visibleMatch). */
export interface VisibleMatch {
  /** How many rows match. */
  count(db: Kysely<any>): Promise<number>;
  /** The condition that the catalog row `catalog_access.rid` matches. */
  matchesRow: RawBuilder<boolean>;
  /** The row ids of the best `limit` matches, best first (ties: a stable order). */
  top(db: Kysely<any>, limit: number): Promise<number[]>;
}
