// Workflows as data. This is the read-only subset the content API needs now
// (states, titles, transitions); guards, permission maps and the transition
// engine come with the security model.

export interface TransitionDef {
  id: string;
  title: string;
  to: string;
}

export interface StateDef {
  id: string;
  title: string;
  transitions: string[];
}

export interface WorkflowDef {
  id: string;
  title: string;
  initial: string;
  states: Record<string, StateDef>;
  transitions: Record<string, TransitionDef>;
}

export const SIMPLE_PUBLICATION: WorkflowDef = {
  id: 'simple_publication_workflow',
  title: 'Simple Publication Workflow',
  initial: 'private',
  states: {
    private: { id: 'private', title: 'Private', transitions: ['publish', 'submit'] },
    pending: { id: 'pending', title: 'Pending review', transitions: ['publish', 'reject', 'retract'] },
    published: { id: 'published', title: 'Published', transitions: ['reject', 'retract'] },
  },
  transitions: {
    publish: { id: 'publish', title: 'Publish', to: 'published' },
    submit: { id: 'submit', title: 'Submit for publication', to: 'pending' },
    reject: { id: 'reject', title: 'Send back', to: 'private' },
    retract: { id: 'retract', title: 'Retract', to: 'private' },
  },
};

export const WORKFLOWS: Record<string, WorkflowDef> = { [SIMPLE_PUBLICATION.id]: SIMPLE_PUBLICATION };

/** Plone 6's default type → workflow mapping; types without a workflow have no review_state. */
export const DEFAULT_WORKFLOW_CHAIN: Record<string, string | null> = {
  'Plone Site': null,
  File: null,
  Image: null,
};
export const DEFAULT_WORKFLOW = SIMPLE_PUBLICATION.id;

export function workflowFor(type: string): WorkflowDef | null {
  const id = type in DEFAULT_WORKFLOW_CHAIN ? DEFAULT_WORKFLOW_CHAIN[type] : DEFAULT_WORKFLOW;
  return id ? (WORKFLOWS[id] ?? null) : null;
}

export interface HistoryEntry {
  action: string | null;
  actor: string;
  comments: string;
  review_state: string;
  time: string;
}
