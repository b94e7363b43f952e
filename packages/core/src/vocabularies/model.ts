// What a named vocabulary is: a permission (checked on the context, as
// plone.app.content's PERMISSIONS map does) and a function from a filter to
// terms. Vocabularies are context-bound: they see the object they are asked
// on, the request's principal and transaction, the site's types and settings.
// https://6.docs.plone.org/plone.restapi/docs/source/endpoints/vocabularies.html
import type { TypeRegistry } from '../content/type-registry.js';
import type { ContentRecord, ReadTx } from '../ports/storage.js';
import type { Permission, Principal } from '../security.js';

export interface Term {
  token: string;
  title: string | null;
}

/** The filters of GET @vocabularies/<name>: `title=` (substring) or `token=`/`tokens=` (exact, case-insensitive). */
export interface TermFilter {
  title?: string;
  tokens?: string[];
  /**
   * The most terms a dynamic vocabulary (users, groups, keywords) needs to
   * produce; static ones ignore it.
   */
  limit: number;
}

/**
 * The Keywords vocabulary's data: the distinct Subject values of the site's
 * content. The catalog provides it (unique values of its Subject index);
 * without one the vocabulary is empty. Implementations push `title` (case-
 * insensitive substring) and `tokens` (exact values) down and return at most
 * `limit` values, sorted.
 */
export interface KeywordSource {
  keywords(tx: ReadTx, filter: TermFilter): Promise<string[]>;
}

/** The Keywords source of a site without a catalog: no keywords. */
export const NO_KEYWORDS: KeywordSource = { keywords: async () => [] };

export interface VocabularyEnv {
  tx: ReadTx;
  context: ContentRecord;
  principal: Principal;
  types: TypeRegistry;
  /** The site's registry settings (stored values; settingValue() reads them). */
  settings: Readonly<Record<string, unknown>>;
  keywords: KeywordSource;
}

export interface Vocabulary {
  name: string;
  /** Who may read it, checked on the context (Plone's DEFAULT_PERMISSION is View). */
  permission: Permission;
  /**
   * Terms that pass the filter, in the vocabulary's order. Static vocabularies
   * leave filtering to filterTerms(); dynamic ones push it to storage.
   */
  terms(env: VocabularyEnv, filter: TermFilter): Promise<Term[]> | Term[];
  /**
   * Whether the vocabulary can be searched (an IQuerySource in Plone): fields
   * bound to it answer @querysources. The search is a title filter.
   */
  queryable?: boolean;
}
