// Does this principal have this permission on this object? Global roles
// (including those from groups) plus the local roles stored in the object's
// security descriptor, against the roles the descriptor grants the permission.
import type { ContentRecord } from '../ports/storage.js';
import type { Permission, Principal } from '../security.js';
import { EMPTY_SECURITY, rolesFor, type SecurityDescriptor } from './descriptor.js';

const descriptorOf = (rec: ContentRecord): SecurityDescriptor => rec.security ?? EMPTY_SECURITY;

/** The principal's roles on an object: global roles plus local roles for the user and its groups. */
export function rolesOn(principal: Principal, rec: ContentRecord): Set<string> {
  const roles = new Set(principal.roles);
  roles.add('Anonymous');
  const local = descriptorOf(rec).local;
  if (principal.id !== null) {
    for (const r of local[principal.id] ?? []) roles.add(r);
    for (const g of principal.groups) for (const r of local[g] ?? []) roles.add(r);
  }
  return roles;
}

export function can(principal: Principal, permission: Permission, rec: ContentRecord): boolean {
  const allowed = rolesFor(descriptorOf(rec), permission);
  if (allowed.includes('Anonymous')) return true;
  if (principal.id !== null && allowed.includes('Authenticated')) return true;
  for (const r of principal.roles) if (allowed.includes(r)) return true;
  if (principal.id === null) return false;
  const local = descriptorOf(rec).local;
  for (const r of local[principal.id] ?? []) if (allowed.includes(r)) return true;
  for (const g of principal.groups) for (const r of local[g] ?? []) if (allowed.includes(r)) return true;
  return false;
}

/** The tokens a principal matches in an object's view tokens (see viewTokens). */
export function principalTokens(principal: Principal): string[] {
  const tokens = new Set(['Anonymous', ...principal.roles]);
  if (principal.id !== null) {
    tokens.add(`user:${principal.id}`);
    for (const g of principal.groups) tokens.add(`user:${g}`);
  }
  return [...tokens];
}
