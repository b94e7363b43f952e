// The named vocabularies @vocabularies serves, by name.

import { RULE_EVENT_TERMS } from '../content-rules/events.js';
import { filterTerms } from './filter.js';
import type { Term, TermFilter, Vocabulary, VocabularyEnv } from './model.js';
import { principalVocabularies } from './principals.js';
import { siteVocabularies } from './site.js';
import { STATIC } from './static.js';
import { typeVocabularies } from './types.js';
import { workflowVocabularies } from './workflow.js';

const staticVocabulary = (name: string, terms: Term[]): Vocabulary => ({
  name,
  permission: 'View',
  terms: () => terms,
});

const ALL: Vocabulary[] = [
  ...Object.entries(STATIC).map(([name, terms]) => staticVocabulary(name, terms)),
  ...typeVocabularies,
  ...workflowVocabularies,
  ...principalVocabularies,
  {
    name: 'plone.contentrules.events',
    permission: 'Content rules: Manage rules',
    terms: () => RULE_EVENT_TERMS,
  },
  // Site-dependent ones replace static entries of the same name.
  ...siteVocabularies,
];

const BY_NAME = new Map(ALL.map((v) => [v.name, v]));

/** Every vocabulary name, sorted. */
export function vocabularyNames(): string[] {
  return [...BY_NAME.keys()].sort();
}

export function findVocabulary(name: string): Vocabulary | undefined {
  return BY_NAME.get(name);
}

/**
 * The terms of a vocabulary that pass the filter. Queryable vocabularies
 * (users, groups, principals, keywords) filter in storage, where a search may
 * match more than the title (ids, logins); the others are filtered here.
 */
export async function vocabularyTermsFor(
  v: Vocabulary,
  env: VocabularyEnv,
  filter: TermFilter,
): Promise<Term[]> {
  const terms = await v.terms(env, filter);
  return v.queryable ? terms : filterTerms(terms, filter);
}
