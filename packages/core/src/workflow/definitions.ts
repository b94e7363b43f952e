// Workflows as data: states, transitions with guards, and per-state
// permission → roles maps, after Plone's shipped workflows
// (Products.CMFPlone profiles: simple_publication_workflow, one_state_workflow,
// intranet_workflow, folder_workflow). The engine is engine.ts; which type
// uses which workflow is chain.ts.

import { COMMENT_ONE_STATE, COMMENT_REVIEW } from '../discussion/workflows.js';

export interface Guard {
  /** Any one of these permissions on the object allows the transition. */
  permissions?: string[];
  /** Any one of these roles (global or local) allows it. */
  roles?: string[];
}

export interface TransitionDef {
  id: string;
  title: string;
  /** The state the transition leads to. */
  to: string;
  guard: Guard;
}

export interface PermissionSetting {
  roles: string[];
  /** Also grant the roles the object would acquire from its container. */
  acquire?: boolean;
}

export interface StateDef {
  id: string;
  title: string;
  description?: string;
  transitions: string[];
  /** The permissions this state manages; others are acquired from the container. */
  permissions: Record<string, PermissionSetting>;
}

export interface WorkflowDef {
  id: string;
  title: string;
  description?: string;
  initial: string;
  states: Record<string, StateDef>;
  transitions: Record<string, TransitionDef>;
}

export interface HistoryEntry {
  action: string | null;
  actor: string;
  comments: string;
  review_state: string;
  time: string;
}

const ADMINS = ['Manager', 'Site Administrator'];
const STAFF = [...ADMINS, 'Owner', 'Editor', 'Reader', 'Contributor'];
const ANYONE = ['Anonymous'];

const perms = (view: string[], modify: string[], extra: Record<string, PermissionSetting> = {}) => ({
  View: { roles: view },
  'Access contents information': { roles: view },
  'Modify portal content': { roles: modify },
  ...extra,
});

const t = (id: string, title: string, to: string, permission: string): TransitionDef => ({
  id,
  title,
  to,
  guard: { permissions: [permission] },
});

export const SIMPLE_PUBLICATION: WorkflowDef = {
  id: 'simple_publication_workflow',
  title: 'Simple Publication Workflow',
  description: 'Private by default; owners submit for review; reviewers publish.',
  initial: 'private',
  states: {
    private: {
      id: 'private',
      title: 'Private',
      transitions: ['publish', 'submit'],
      permissions: perms(STAFF, [...ADMINS, 'Owner', 'Editor']),
    },
    pending: {
      id: 'pending',
      title: 'Pending review',
      transitions: ['publish', 'reject', 'retract'],
      permissions: perms([...STAFF, 'Reviewer'], [...ADMINS, 'Reviewer']),
    },
    published: {
      id: 'published',
      title: 'Published',
      transitions: ['reject', 'retract'],
      permissions: perms(ANYONE, [...ADMINS, 'Editor']),
    },
  },
  transitions: {
    publish: t('publish', 'Publish', 'published', 'Review portal content'),
    submit: t('submit', 'Submit for publication', 'pending', 'Request review'),
    reject: t('reject', 'Send back', 'private', 'Review portal content'),
    retract: t('retract', 'Retract', 'private', 'Request review'),
  },
};

export const ONE_STATE: WorkflowDef = {
  id: 'one_state_workflow',
  title: 'Single State Workflow',
  description: 'Everything is published as soon as it is created.',
  initial: 'published',
  states: {
    published: {
      id: 'published',
      title: 'Published',
      transitions: [],
      permissions: perms(ANYONE, [...ADMINS, 'Owner', 'Editor']),
    },
  },
  transitions: {},
};

const MEMBERS = [...STAFF, 'Member', 'Reviewer'];

export const INTRANET: WorkflowDef = {
  id: 'intranet_workflow',
  title: 'Intranet/Extranet Workflow',
  description: 'Internal drafts visible to members; content is published internally or externally.',
  initial: 'internal',
  states: {
    internal: {
      id: 'internal',
      title: 'Internal draft',
      transitions: ['hide', 'publish_internally', 'submit'],
      permissions: perms(MEMBERS, [...ADMINS, 'Owner', 'Editor']),
    },
    private: {
      id: 'private',
      title: 'Private',
      transitions: ['show_internally'],
      permissions: perms(STAFF, [...ADMINS, 'Owner', 'Editor']),
    },
    pending: {
      id: 'pending',
      title: 'Pending review',
      transitions: ['publish_externally', 'publish_internally', 'reject', 'retract'],
      permissions: perms(MEMBERS, [...ADMINS, 'Reviewer']),
    },
    internally_published: {
      id: 'internally_published',
      title: 'Internally published',
      transitions: ['publish_externally', 'retract', 'submit'],
      permissions: perms(MEMBERS, [...ADMINS, 'Editor']),
    },
    external: {
      id: 'external',
      title: 'Externally visible',
      transitions: ['hide', 'retract'],
      permissions: perms(ANYONE, [...ADMINS, 'Editor']),
    },
  },
  transitions: {
    hide: t('hide', 'Make private', 'private', 'Modify portal content'),
    show_internally: t('show_internally', 'Show internally', 'internal', 'Modify portal content'),
    submit: t('submit', 'Submit for publication', 'pending', 'Request review'),
    publish_internally: t(
      'publish_internally',
      'Publish internally',
      'internally_published',
      'Review portal content',
    ),
    publish_externally: t('publish_externally', 'Publish externally', 'external', 'Review portal content'),
    retract: t('retract', 'Retract', 'internal', 'Request review'),
    reject: t('reject', 'Send back', 'internal', 'Review portal content'),
  },
};

export const FOLDER: WorkflowDef = {
  id: 'folder_workflow',
  title: 'Community Workflow for Folders',
  description: 'Folders are private, visible (listed, not published) or published.',
  initial: 'visible',
  states: {
    private: {
      id: 'private',
      title: 'Private',
      transitions: ['publish', 'show'],
      permissions: perms(STAFF, [...ADMINS, 'Owner', 'Editor'], { 'List folder contents': { roles: STAFF } }),
    },
    visible: {
      id: 'visible',
      title: 'Public draft',
      transitions: ['hide', 'publish'],
      permissions: perms(ANYONE, [...ADMINS, 'Owner', 'Editor'], {
        'List folder contents': { roles: ANYONE },
      }),
    },
    published: {
      id: 'published',
      title: 'Published',
      transitions: ['retract'],
      permissions: perms(ANYONE, [...ADMINS, 'Editor'], { 'List folder contents': { roles: ANYONE } }),
    },
  },
  transitions: {
    publish: t('publish', 'Publish', 'published', 'Review portal content'),
    show: t('show', 'Make visible', 'visible', 'Modify portal content'),
    hide: t('hide', 'Make private', 'private', 'Modify portal content'),
    retract: t('retract', 'Retract', 'visible', 'Request review'),
  },
};

/** Every workflow the site ships, by id. */
export const WORKFLOWS: Readonly<Record<string, WorkflowDef>> = {
  [SIMPLE_PUBLICATION.id]: SIMPLE_PUBLICATION,
  [ONE_STATE.id]: ONE_STATE,
  [INTRANET.id]: INTRANET,
  [FOLDER.id]: FOLDER,
  // plone.app.discussion's, for comments (discussion/workflows.ts).
  [COMMENT_REVIEW.id]: COMMENT_REVIEW,
  [COMMENT_ONE_STATE.id]: COMMENT_ONE_STATE,
};
