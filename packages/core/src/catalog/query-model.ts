// A catalog query once parsed and validated: what the storage turns into SQL.
// Built from @search's query string (search-params.ts) and from Collections'
// and listing blocks' querystring format (querystring-query.ts).
import type { IndexName, KeywordIndex, TextIndex } from './indexes.js';
import type { TextQuery } from './text-query.js';

export type Criterion =
  /** Objects at or below `paths` (site-relative), at most `depth` levels down (-1: any). */
  | { kind: 'path'; paths: string[]; depth: number }
  /** Field equal to one of `values` (or to none of them with `not`). */
  | { kind: 'field'; index: IndexName; values: Array<string | number | boolean>; not?: boolean }
  /** Dates (sortable UTC ISO strings) or positions within bounds, inclusive. */
  | { kind: 'range'; index: IndexName; min?: string | number; max?: string | number }
  /** Keyword index holding any (or every, with operator 'and') of `values`. */
  | { kind: 'keyword'; index: KeywordIndex; values: string[]; operator: 'and' | 'or'; not?: boolean }
  | { kind: 'text'; index: TextIndex; query: TextQuery };

export interface SortKey {
  index: IndexName;
  descending: boolean;
}

export interface CatalogQuery {
  criteria: Criterion[];
  /** Empty: by relevance when there is a text criterion, else in catalog (creation) order. */
  sort: SortKey[];
  /** Never more results than this (sort_limit / a collection's limit). */
  limit?: number;
}

export interface CatalogPage {
  start: number;
  size: number;
}

/** One search result: the catalog's columns and metadata, not the object. */
export interface Brain {
  uid: string;
  path: string;
  parentUid: string | null;
  id: string;
  type: string;
  position: number;
  created: string;
  modified: string;
  meta: Record<string, unknown>;
}

export interface SearchResult {
  total: number;
  brains: Brain[];
}
