// Content type vocabularies (plone.app.vocabularies.types): every type, the
// ones people add, and the ones addable in the context.
import { can } from '../access/checker.js';
import { allowedTypeIds } from '../types/schema.js';
import { sortByTitle } from './filter.js';
import type { Term, Vocabulary, VocabularyEnv } from './model.js';

const typeTerms = (env: VocabularyEnv, keep: (id: string, addable: boolean) => boolean): Term[] =>
  sortByTitle(
    env.types
      .all()
      .filter((t) => keep(t.def.id, t.def.addable !== false))
      .map((t) => ({ token: t.def.id, title: t.def.title })),
  );

/** Types left out of search (the search panel's types_not_searched). */
function notSearched(env: VocabularyEnv): Set<string> {
  const v = env.settings['plone.types_not_searched'];
  return new Set(Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : ['Plone Site']);
}

export const typeVocabularies: Vocabulary[] = [
  {
    name: 'plone.app.vocabularies.PortalTypes',
    permission: 'View',
    terms: (env) => typeTerms(env, () => true),
  },
  {
    // Plone leaves out the site root and its internal types.
    name: 'plone.app.vocabularies.ReallyUserFriendlyTypes',
    permission: 'View',
    terms: (env) => typeTerms(env, (_, addable) => addable),
  },
  {
    name: 'plone.app.vocabularies.UserFriendlyTypes',
    permission: 'View',
    terms: (env) => {
      const hidden = notSearched(env);
      return typeTerms(env, (id) => !hidden.has(id));
    },
  },
  {
    // What the user may add here: Add portal content and the context's constraints.
    name: 'plone.app.vocabularies.AllowedContentTypes',
    permission: 'View',
    terms: (env) => {
      if (!can(env.principal, 'Add portal content', env.context)) return [];
      const here = env.types.get(env.context.type)?.def;
      const allowed = new Set(
        allowedTypeIds(
          here,
          env.types.all().map((t) => t.def),
        ),
      );
      return typeTerms(env, (id) => allowed.has(id));
    },
  },
];
