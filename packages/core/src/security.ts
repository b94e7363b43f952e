// Principals and the permission check. Until the full security model lands
// (local roles, workflows as data), permissions map to global roles here.

export interface Principal {
  /** null for Anonymous. */
  id: string | null;
  fullname: string;
  roles: ReadonlySet<string>;
}

export const ANONYMOUS: Principal = Object.freeze({
  id: null,
  fullname: '',
  roles: new Set(['Anonymous']),
});

/** The internal caller that skips checks; never bound to a request. */
export const SYSTEM: Principal = Object.freeze({
  id: 'system',
  fullname: 'System',
  roles: new Set(['Manager', 'Authenticated']),
});

export type Permission =
  | 'View'
  | 'Access contents information'
  | 'Modify portal content'
  | 'Add portal content'
  | 'Delete objects'
  | 'Manage portal'
  | 'Review portal content';

const ROLES_FOR: Record<Permission, readonly string[]> = {
  View: ['Anonymous'],
  'Access contents information': ['Anonymous'],
  'Modify portal content': ['Manager', 'Site Administrator'],
  'Add portal content': ['Manager', 'Site Administrator'],
  'Delete objects': ['Manager', 'Site Administrator'],
  'Manage portal': ['Manager'],
  'Review portal content': ['Manager', 'Site Administrator'],
};

export function hasPermission(principal: Principal, permission: Permission): boolean {
  const roles = ROLES_FOR[permission];
  if (roles.includes('Anonymous')) return true;
  for (const role of roles) if (principal.roles.has(role)) return true;
  return false;
}
