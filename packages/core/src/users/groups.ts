// Group membership is transitive: a user in group A, where A is a member of
// group B, is in B too (Plone's nested groups). Every authenticated user is
// in the virtual group AuthenticatedUsers.

export const AUTHENTICATED_GROUP = 'AuthenticatedUsers';

/** The groups Plone ships; they cannot be deleted. */
export const BUILTIN_GROUPS = ['Administrators', 'Site Administrators', 'Reviewers', AUTHENTICATED_GROUP];

/**
 * Every group reachable from `direct` through `parentsOf` (the groups a group
 * is a direct member of), cycles tolerated, breadth first: one call of
 * `parentsOf` per level with all the groups found on it.
 */
export async function transitiveGroups(
  direct: Iterable<string>,
  parentsOf: (groupIds: string[]) => Promise<string[]>,
  maxDepth = 50,
): Promise<Set<string>> {
  const seen = new Set<string>(direct);
  let frontier = [...seen];
  for (let depth = 0; frontier.length && depth < maxDepth; depth++) {
    const next: string[] = [];
    for (const g of await parentsOf(frontier)) {
      if (!seen.has(g)) {
        seen.add(g);
        next.push(g);
      }
    }
    frontier = next;
  }
  return seen;
}

/** Would making `memberGroup` a member of `container` close a cycle? */
export async function wouldCycle(
  container: string,
  memberGroup: string,
  parentsOf: (groupIds: string[]) => Promise<string[]>,
): Promise<boolean> {
  if (container === memberGroup) return true;
  const above = await transitiveGroups([container], parentsOf);
  return above.has(memberGroup);
}

/** User and group ids: Plone's allowed member ids (letters, digits, . _ @ + - and, for groups, spaces). */
export function validPrincipalId(id: unknown, kind: 'user' | 'group'): id is string {
  if (typeof id !== 'string') return false;
  return kind === 'user'
    ? /^[A-Za-z0-9][A-Za-z0-9._@+-]{0,99}$/.test(id)
    : /^[A-Za-z0-9][A-Za-z0-9._@+ -]{0,99}$/.test(id) && !id.endsWith(' ');
}
