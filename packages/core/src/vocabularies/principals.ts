// Users, groups and roles (plone.app.vocabularies.users/groups/principals/
// security). Users, groups and principals are searched in storage — the
// `title` filter becomes a search of ids, logins, names (and users' email),
// `tokens` become lookups by id — and never hold more than `limit` terms.
// Plone protects Users with "Modify portal content" (plone.app.content's
// PERMISSIONS map) so that editors can pick people; Groups and Principals
// get the same here, where Plone leaves them at View (open to anonymous).
import type { GroupRecord, UserRecord } from '../ports/storage.js';
import { ASSIGNABLE_ROLES } from '../security.js';
import { sortByTitle } from './filter.js';
import type { Term, TermFilter, Vocabulary, VocabularyEnv } from './model.js';

const userTerm = (u: UserRecord, prefix = ''): Term => ({ token: prefix + u.id, title: u.fullname || u.id });
const groupTerm = (g: GroupRecord, prefix = ''): Term => ({ token: prefix + g.id, title: g.title || g.id });

async function users(env: VocabularyEnv, f: TermFilter, prefix = ''): Promise<Term[]> {
  if (f.tokens) {
    const found = await Promise.all(f.tokens.map((t) => env.tx.userById(t)));
    return found.filter((u): u is UserRecord => !!u).map((u) => userTerm(u, prefix));
  }
  const list = await env.tx.listUsers({ search: f.title || undefined, limit: f.limit });
  return list.map((u) => userTerm(u, prefix));
}

async function groups(env: VocabularyEnv, f: TermFilter, prefix = ''): Promise<Term[]> {
  if (f.tokens) {
    const found = await Promise.all(f.tokens.map((t) => env.tx.groupById(t)));
    return found.filter((g): g is GroupRecord => !!g).map((g) => groupTerm(g, prefix));
  }
  const list = await env.tx.listGroups({ search: f.title || undefined, limit: f.limit });
  return list.map((g) => groupTerm(g, prefix));
}

/** Tokens of the Principals vocabulary are "user:<id>" and "group:<id>". */
function split(tokens: string[] | undefined, prefix: string): string[] | undefined {
  if (!tokens) return undefined;
  return tokens.filter((t) => t.startsWith(prefix)).map((t) => t.slice(prefix.length));
}

// Owner is granted by ownership, never assigned (as Plone's getPortalRoles).
const ROLE_TERMS: Term[] = sortByTitle(
  ASSIGNABLE_ROLES.filter((r) => r !== 'Owner').map((r) => ({ token: r, title: r })),
);

const PEOPLE = 'Modify portal content' as const;

export const principalVocabularies: Vocabulary[] = [
  {
    name: 'plone.app.vocabularies.Users',
    permission: PEOPLE,
    queryable: true,
    terms: async (env, f) => sortByTitle(await users(env, f)),
  },
  {
    name: 'plone.app.vocabularies.Groups',
    permission: PEOPLE,
    queryable: true,
    terms: async (env, f) => sortByTitle(await groups(env, f)),
  },
  {
    name: 'plone.app.vocabularies.Principals',
    permission: PEOPLE,
    queryable: true,
    async terms(env, f) {
      const u = await users(env, { ...f, tokens: split(f.tokens, 'user:') }, 'user:');
      const g = await groups(env, { ...f, tokens: split(f.tokens, 'group:') }, 'group:');
      return sortByTitle([...u, ...g]).slice(0, f.limit);
    },
  },
  { name: 'plone.app.vocabularies.Roles', permission: 'View', terms: () => ROLE_TERMS },
];
