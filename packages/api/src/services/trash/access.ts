// Who may see, restore and purge trash entries (docs/trash.md,
// docs/decisions/0031-trash.md).
import {
  type ContentRecord,
  can,
  hasPermission,
  type Principal,
  principalTokens,
  type TrashEntry,
  unauthorized,
} from '@tessera/core';

/** Site administrators (Manager, Site Administrator) see, restore and purge every entry. */
export const administers = (principal: Principal) => hasPermission(principal, 'Manage portal');

/** The trash is for logged-in users: anonymous visitors get a 401 (log in and try again). */
export function requireUser(principal: Principal) {
  if (principal.id === null) throw unauthorized();
}

/** The listing's filter: null (everything) for administrators, else the principal's view tokens. */
export const tokensFor = (principal: Principal) =>
  administers(principal) ? null : principalTokens(principal);

/** Whether the principal could View the entry's root when it was deleted. */
export function seesEntry(principal: Principal, view: string[]): boolean {
  if (administers(principal)) return true;
  const mine = new Set(principalTokens(principal));
  return view.some((t) => mine.has(t));
}

/**
 * Restoring undoes a deletion, so it needs what deleting needed: Delete
 * objects on the item as it was (its stored security, local roles included),
 * or being the user who deleted it, or administering the site. The target
 * container is checked separately (Add portal content).
 */
export function mayRestore(principal: Principal, entry: TrashEntry & { root: ContentRecord }): boolean {
  if (administers(principal)) return true;
  if (principal.id !== null && entry.deletedBy === principal.id) return true;
  return can(principal, 'Delete objects', entry.root);
}
