// Named vocabularies. `@vocabularies/<name>` serves them (registry.ts, one
// module per family); field serialization turns stored tokens into
// {token, title} terms with the static ones, synchronously.
import type { Term } from './model.js';
import { STATIC } from './static.js';

export { filterTerms, sortByTitle, termMatches } from './filter.js';
export type { KeywordSource, Term, TermFilter, Vocabulary, VocabularyEnv } from './model.js';
export { NO_KEYWORDS } from './model.js';
export { findVocabulary, vocabularyNames, vocabularyTermsFor } from './registry.js';
export { type FieldSource, fieldSource } from './sources.js';

const INDEX = new Map(
  Object.entries(STATIC).map(([name, terms]) => [name, new Map(terms.map((t) => [t.token, t]))]),
);

export function vocabularyTerms(name: string): Term[] | undefined {
  return STATIC[name];
}

/** The term for a token, null when the vocabulary lacks it, undefined when the vocabulary is not static. */
export function vocabularyTerm(name: string, token: string): Term | null | undefined {
  const vocab = INDEX.get(name);
  if (!vocab) return undefined;
  return vocab.get(token) ?? null;
}

export function vocabularyHas(name: string, token: string): boolean | undefined {
  const vocab = INDEX.get(name);
  return vocab ? vocab.has(token) : undefined;
}
