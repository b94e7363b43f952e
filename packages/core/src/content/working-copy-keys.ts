// Where a working copy's link lives: two keys in the objects' own data, so the
// link is written in the same transaction as the objects, travels with their
// revisions and needs no table (docs/decisions/0032-working-copy.md).
// Clients cannot set them: 'working_copy' and 'working_copy_of' are read-only
// keys of a serialized object (content/operations.ts).
import { SIMPLE_PUBLICATION, type WorkflowDef } from '../workflow/definitions.js';

/** On the baseline: who checked out, when, and the working copy's UID. */
export const WORKING_COPY = 'working_copy';
/** On the working copy: the baseline's UID. */
export const WORKING_COPY_OF = 'working_copy_of';

export interface CheckoutInfo {
  uid: string;
  /** The user who checked out (the holder of the baseline's iterate lock). */
  creator: string;
  /** When, as a Plone date. */
  created: string;
}

export function checkoutOf(data: Record<string, unknown>): CheckoutInfo | undefined {
  const v = data[WORKING_COPY] as CheckoutInfo | undefined;
  return v && typeof v === 'object' && typeof v.uid === 'string' ? v : undefined;
}

export function baselineUidOf(data: Record<string, unknown>): string | undefined {
  const v = data[WORKING_COPY_OF];
  return typeof v === 'string' ? v : undefined;
}

/**
 * The workflow that keeps a working copy private when its type has none
 * (the site root, File, Image acquire their permissions): the private state of
 * the simple publication workflow, so anonymous users never see a draft even
 * when its container is public.
 */
export const PRIVATE_COPY_WORKFLOW: WorkflowDef = {
  id: 'working_copy_private',
  title: 'Working copy (private)',
  description: 'Keeps a working copy of a type without workflow private.',
  initial: 'private',
  states: { private: { ...SIMPLE_PUBLICATION.states.private!, transitions: [] } },
  transitions: {},
};
