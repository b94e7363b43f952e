// plone.app.discussion's two comment workflows, as data. Comments follow
// comment_one_state_workflow (always published) unless moderation is on,
// when they start 'pending' in comment_review_workflow. Their states are
// listed with the others (the WorkflowStates vocabulary, @querystring).

import type { CommentState } from '../ports/comments.js';
import type { WorkflowDef } from '../workflow/definitions.js';

const REVIEW = { permissions: ['Review comments'] };
const MODERATORS = ['Manager', 'Site Administrator', 'Reviewer'];

export const COMMENT_REVIEW: WorkflowDef = {
  id: 'comment_review_workflow',
  title: 'Comment Review Workflow',
  description: 'A simple review workflow for comments',
  initial: 'pending',
  states: {
    pending: {
      id: 'pending',
      title: 'Pending',
      description: 'Submitted, pending review.',
      transitions: ['mark_as_spam', 'publish', 'reject'],
      permissions: {
        View: { roles: [...MODERATORS, 'Owner'] },
        'Access contents information': { roles: [...MODERATORS, 'Owner'] },
        'Modify portal content': { roles: [...MODERATORS, 'Owner'] },
        'Reply to item': { roles: [] },
      },
    },
    published: {
      id: 'published',
      title: 'Published',
      description: 'Visible to everyone, non-editable.',
      transitions: ['mark_as_spam', 'recall', 'reject'],
      permissions: { 'Modify portal content': { roles: ['Manager', 'Site Administrator'] } },
    },
    rejected: {
      id: 'rejected',
      title: 'Rejected',
      transitions: ['mark_as_spam', 'publish', 'recall'],
      permissions: {},
    },
    spam: { id: 'spam', title: 'Spam', transitions: ['publish', 'recall', 'reject'], permissions: {} },
  },
  transitions: {
    mark_as_spam: { id: 'mark_as_spam', title: 'Mark as spam', to: 'spam', guard: REVIEW },
    publish: { id: 'publish', title: 'Reviewer approves content', to: 'published', guard: REVIEW },
    recall: {
      id: 'recall',
      title: 'Reviewer recalls comment back to pending state',
      to: 'pending',
      guard: REVIEW,
    },
    reject: { id: 'reject', title: 'Reviewer rejects comment', to: 'rejected', guard: REVIEW },
  },
};

export const COMMENT_ONE_STATE: WorkflowDef = {
  id: 'comment_one_state_workflow',
  title: 'Single State Workflow',
  description: 'Comments are published as soon as they are posted.',
  initial: 'published',
  states: {
    published: {
      id: 'published',
      title: 'Published',
      description: 'Visible to everyone, editable by the owner.',
      transitions: [],
      permissions: {
        'Access contents information': { roles: ['Anonymous'] },
        'Modify portal content': { roles: ['Manager', 'Owner', 'Editor', 'Site Administrator'] },
      },
    },
  },
  transitions: {},
};

/** The state a comment moves to by `transition` from `from`, or undefined when the workflow has no such way. */
export function commentTransition(from: CommentState, transition: string): CommentState | undefined {
  const state = COMMENT_REVIEW.states[from];
  if (!state?.transitions.includes(transition)) return undefined;
  return COMMENT_REVIEW.transitions[transition]?.to as CommentState | undefined;
}
