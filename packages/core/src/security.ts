// Principals, roles and permissions: the vocabulary of the security model.
// The context-aware checker (local roles, workflow permission maps) lives in
// security/; this file holds what every layer shares.

export interface Principal {
  /** null for Anonymous. */
  id: string | null;
  fullname: string;
  /** Global roles, including those granted through groups, plus Authenticated/Anonymous. */
  roles: ReadonlySet<string>;
  /** Ids of the groups the user belongs to, directly or through nested groups (plus AuthenticatedUsers). */
  groups: ReadonlySet<string>;
}

export const ANONYMOUS: Principal = Object.freeze({
  id: null,
  fullname: '',
  roles: new Set(['Anonymous']),
  groups: new Set<string>(),
});

/** The internal caller that skips checks; never bound to a request. */
export const SYSTEM: Principal = Object.freeze({
  id: 'system',
  fullname: 'System',
  roles: new Set(['Manager', 'Authenticated']),
  groups: new Set<string>(),
});

/** The roles Plone ships; Anonymous and Authenticated are never assigned, only implied. */
export const ROLES = [
  'Anonymous',
  'Authenticated',
  'Member',
  'Contributor',
  'Editor',
  'Reader',
  'Reviewer',
  'Site Administrator',
  'Manager',
  'Owner',
] as const;

/** Roles that can be granted to users and groups (globally or locally). */
export const ASSIGNABLE_ROLES = ROLES.filter((r) => r !== 'Anonymous' && r !== 'Authenticated');

export type Permission =
  | 'View'
  | 'Access contents information'
  | 'List folder contents'
  | 'Modify portal content'
  | 'Add portal content'
  | 'Delete objects'
  | 'Review portal content'
  | 'Request review'
  | 'Change local roles'
  | 'Copy or Move'
  // CMFEditions' permissions: see the versions of an object, revert to one.
  | 'CMFEditions: Access previous versions'
  | 'CMFEditions: Revert to previous versions'
  | 'Access inactive portal content'
  | 'Manage portal'
  | 'Content rules: Manage rules'
  | 'Manage users'
  | 'Set own password'
  | 'Set own properties'
  | 'Plone Site Setup: Overview'
  // Each control panel's own permission (Plone's configlet permissions).
  | 'Plone Site Setup: Editing'
  | 'Plone Site Setup: Imaging'
  | 'Plone Site Setup: Language'
  | 'Plone Site Setup: Mail'
  | 'Plone Site Setup: Markup'
  | 'Plone Site Setup: Navigation'
  | 'Plone Site Setup: Search'
  | 'Plone Site Setup: Security'
  | 'Plone Site Setup: Site'
  | 'Plone Site Setup: Users and Groups'
  | 'Sharing page: Delegate Contributor role'
  | 'Sharing page: Delegate Editor role'
  | 'Sharing page: Delegate Reader role'
  | 'Sharing page: Delegate Reviewer role'
  | 'Sharing page: Delegate roles'
  // plone.app.discussion's permissions (docs/comments.md).
  | 'View comments'
  | 'Reply to item'
  | 'Review comments'
  | 'Edit comments'
  | 'Delete comments'
  | 'Delete own comments'
  // Per-type add permissions ("Add Document", "plone.app.contenttypes: Add Document" in Plone).
  | `Add ${string}`;

const ADMINS = ['Manager', 'Site Administrator'];

/**
 * The site-wide permission → roles map (Plone's rolemap at the site root).
 * Objects acquire these unless their workflow state sets its own.
 */
export const SITE_ROLE_MAP: Readonly<Record<string, readonly string[]>> = {
  View: ['Anonymous'],
  'Access contents information': ['Anonymous'],
  'List folder contents': [...ADMINS, 'Owner', 'Editor', 'Contributor', 'Reader'],
  'Modify portal content': [...ADMINS, 'Owner', 'Editor'],
  'Add portal content': [...ADMINS, 'Owner', 'Contributor'],
  'Delete objects': [...ADMINS, 'Owner', 'Editor'],
  'Review portal content': [...ADMINS, 'Reviewer'],
  'Request review': [...ADMINS, 'Owner', 'Editor', 'Contributor'],
  'Change local roles': [...ADMINS, 'Owner'],
  'Copy or Move': [...ADMINS, 'Owner', 'Editor', 'Contributor', 'Reader', 'Reviewer', 'Member'],
  'Access inactive portal content': [...ADMINS, 'Owner'],
  'CMFEditions: Access previous versions': [...ADMINS, 'Owner', 'Editor', 'Reviewer'],
  'CMFEditions: Revert to previous versions': [...ADMINS, 'Owner', 'Editor'],
  'Manage portal': ADMINS,
  'Content rules: Manage rules': ADMINS,
  'Manage users': ADMINS,
  'Set own password': ['Authenticated'],
  'Set own properties': ['Authenticated'],
  'Plone Site Setup: Overview': ADMINS,
  'Plone Site Setup: Editing': ADMINS,
  'Plone Site Setup: Imaging': ADMINS,
  'Plone Site Setup: Language': ADMINS,
  'Plone Site Setup: Mail': ADMINS,
  'Plone Site Setup: Markup': ADMINS,
  'Plone Site Setup: Navigation': ADMINS,
  'Plone Site Setup: Search': ADMINS,
  'Plone Site Setup: Security': ADMINS,
  'Plone Site Setup: Site': ADMINS,
  'Plone Site Setup: Users and Groups': ADMINS,
  'Sharing page: Delegate Contributor role': [...ADMINS, 'Owner', 'Editor'],
  'Sharing page: Delegate Editor role': [...ADMINS, 'Owner', 'Editor'],
  'Sharing page: Delegate Reader role': [...ADMINS, 'Owner', 'Editor'],
  'Sharing page: Delegate Reviewer role': [...ADMINS, 'Reviewer'],
  'Sharing page: Delegate roles': [...ADMINS, 'Owner', 'Editor'],
  // plone.app.discussion's rolemap; "Review comments" is its moderation permission.
  'View comments': ['Anonymous'],
  'Reply to item': ['Authenticated'],
  'Review comments': [...ADMINS, 'Reviewer'],
  'Edit comments': [...ADMINS, 'Reviewer', 'Owner'],
  'Delete comments': [...ADMINS, 'Reviewer'],
  'Delete own comments': [...ADMINS, 'Reviewer', 'Owner'],
};

/** Roles that hold a permission site-wide; "Add <Type>" falls back to "Add portal content". */
export function siteRolesFor(permission: Permission): readonly string[] {
  return (
    SITE_ROLE_MAP[permission] ??
    (permission.startsWith('Add ') ? SITE_ROLE_MAP['Add portal content']! : ADMINS)
  );
}

/** Whether the principal's global roles grant a permission site-wide (no local roles, no workflow). */
export function hasPermission(principal: Principal, permission: Permission): boolean {
  const roles = siteRolesFor(permission);
  if (roles.includes('Anonymous')) return true;
  for (const role of roles) if (principal.roles.has(role)) return true;
  return false;
}
