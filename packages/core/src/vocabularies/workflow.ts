// Workflow vocabularies (plone.app.vocabularies.workflow): the workflows, and
// the states and transitions of all of them, titled "Title [id]" and sorted
// by title as Plone does so that same-titled entries stay apart.
import { WORKFLOWS } from '../workflow/definitions.js';
import { sortByTitle } from './filter.js';
import type { Term, Vocabulary } from './model.js';

function unique(pick: (add: (id: string, title: string) => void) => void): Term[] {
  const seen = new Map<string, Term>();
  pick((id, title) => {
    if (!seen.has(id)) seen.set(id, { token: id, title: `${title} [${id}]` });
  });
  return sortByTitle([...seen.values()]);
}

const STATES = unique((add) => {
  for (const wf of Object.values(WORKFLOWS)) for (const s of Object.values(wf.states)) add(s.id, s.title);
});
const TRANSITIONS = unique((add) => {
  for (const wf of Object.values(WORKFLOWS))
    for (const t of Object.values(wf.transitions)) add(t.id, t.title);
});
const WORKFLOW_TERMS: Term[] = sortByTitle(
  Object.values(WORKFLOWS).map((wf) => ({ token: wf.id, title: wf.title })),
);

export const workflowVocabularies: Vocabulary[] = [
  { name: 'plone.app.vocabularies.Workflows', permission: 'View', terms: () => WORKFLOW_TERMS },
  { name: 'plone.app.vocabularies.WorkflowStates', permission: 'View', terms: () => STATES },
  { name: 'plone.app.vocabularies.WorkflowTransitions', permission: 'View', terms: () => TRANSITIONS },
];
