// Each object's effective security, computed when it is written and stored
// with it (materialised, as Plone's catalog keeps allowedRolesAndUsers), so
// that checking a permission on a loaded object costs no query and listings
// filter in SQL on the object's view tokens.
//
// Plone's semantics (https://6.docs.plone.org/backend/security.html):
// - a permission's roles come from the object's workflow state when the state
//   manages that permission (optionally adding what it would acquire), else
//   they are acquired from the container, up to the site's role map;
// - local roles (per user or group) apply to the object and everything below
//   it, unless a folder blocks inheritance: then only its own local roles
//   (and global roles) apply from there down.
import { siteRolesFor } from '../security.js';
import type { WorkflowDef } from '../workflow/definitions.js';

export interface SecurityDescriptor {
  /** Local roles in force here (own + inherited): principal id → roles. */
  local: Record<string, string[]>;
  /** Permission → roles, for the permissions that differ from the site's role map. */
  perms: Record<string, string[]>;
}

export const EMPTY_SECURITY: SecurityDescriptor = Object.freeze({
  local: {},
  perms: {},
}) as SecurityDescriptor;

/** The object's own security settings, kept in its data (and so in its revisions). */
export interface OwnSecurity {
  /** principal id → roles assigned on this object (the creator gets Owner). */
  local_roles?: Record<string, string[]>;
  /** True when the object does not inherit local roles from its container. */
  block_local_roles?: boolean;
  review_state?: string;
}

export function rolesFor(desc: SecurityDescriptor, permission: string): readonly string[] {
  return desc.perms[permission] ?? siteRolesFor(permission as never);
}

export function computeSecurity(
  parent: SecurityDescriptor | null,
  own: OwnSecurity,
  workflow: WorkflowDef | null,
): SecurityDescriptor {
  const local: Record<string, string[]> = {};
  if (parent && !own.block_local_roles)
    for (const [p, roles] of Object.entries(parent.local)) local[p] = [...roles];
  for (const [p, roles] of Object.entries(own.local_roles ?? {})) {
    if (!roles.length) continue;
    local[p] = local[p] ? [...new Set([...local[p], ...roles])].sort() : [...roles].sort();
  }
  const perms: Record<string, string[]> = { ...(parent?.perms ?? {}) };
  const state = workflow ? workflow.states[own.review_state ?? workflow.initial] : undefined;
  for (const [permission, setting] of Object.entries(state?.permissions ?? {})) {
    const roles = setting.acquire
      ? new Set([
          ...setting.roles,
          ...(parent ? rolesFor(parent, permission) : siteRolesFor(permission as never)),
        ])
      : new Set(setting.roles);
    perms[permission] = [...roles].sort();
  }
  return { local, perms };
}

/**
 * Who may View the object, as query tokens: role names, and `user:<id>` for
 * users and groups whose local roles here grant View. A principal sees the
 * object when one of its tokens (principalTokens) is among them.
 */
export function viewTokens(desc: SecurityDescriptor): string[] {
  const roles = rolesFor(desc, 'View');
  if (roles.includes('Anonymous')) return ['Anonymous'];
  const tokens = new Set(roles);
  for (const [principal, local] of Object.entries(desc.local))
    if (local.some((r) => roles.includes(r))) tokens.add(`user:${principal}`);
  return [...tokens].sort();
}

export function sameSecurity(a: SecurityDescriptor, b: SecurityDescriptor): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
