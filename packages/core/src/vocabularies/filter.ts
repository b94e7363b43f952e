// Filtering and sorting terms the way plone.restapi's vocabulary serializer
// does: `title` is a case-insensitive substring of the title (the token when
// there is none), `tokens` are exact tokens compared case-insensitively, in
// the vocabulary's order.
import type { Term, TermFilter } from './model.js';

const titleOf = (t: Term) => t.title ?? t.token;

export function termMatches(term: Term, filter: Omit<TermFilter, 'limit'>): boolean {
  if (filter.tokens) {
    const token = term.token.toLowerCase();
    return filter.tokens.some((t) => t.toLowerCase() === token);
  }
  if (filter.title) return titleOf(term).toLowerCase().includes(filter.title.toLowerCase());
  return true;
}

export function filterTerms(terms: readonly Term[], filter: Omit<TermFilter, 'limit'>): Term[] {
  if (!filter.tokens && !filter.title) return [...terms];
  return terms.filter((t) => termMatches(t, filter));
}

const collator = new Intl.Collator('en', { sensitivity: 'base', numeric: true });

/** By title (the token when untitled), as `sort_on=title` asks; stable for equal titles. */
export function sortByTitle(terms: Term[]): Term[] {
  return terms.sort((a, b) => collator.compare(titleOf(a), titleOf(b)));
}

export const termsOf = (map: Record<string, string>): Term[] =>
  Object.entries(map).map(([token, title]) => ({ token, title }));
