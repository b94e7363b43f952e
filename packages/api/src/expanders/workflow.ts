// @workflow (GET): current state, available transitions and review history.
import { workflowFor } from '@tessera/core';
import type { Expander } from './index.js';

export const workflow: Expander = async (ctx, rec) => {
  const url = ctx.urls.url(rec.path);
  const wf = workflowFor(rec.type);
  if (!wf) return { body: { '@id': `${url}/@workflow`, history: [], transitions: [] }, deps: [rec.uid] };
  const stateId = (rec.data.review_state as string) ?? wf.initial;
  const state = wf.states[stateId] ?? wf.states[wf.initial];
  const history = ((rec.data.review_history as any[]) ?? []).map((h) => ({
    ...h,
    title: wf.states[h.review_state]?.title ?? h.review_state,
  }));
  const canReview = ctx.principal.roles.has('Manager') || ctx.principal.roles.has('Site Administrator');
  const transitions = canReview
    ? state.transitions
        .map((id) => wf.transitions[id])
        .sort((a, b) => a.id.localeCompare(b.id))
        .map((t) => ({ '@id': `${url}/@workflow/${t.id}`, title: t.title }))
    : [];
  return {
    body: { '@id': `${url}/@workflow`, history, state: { id: state.id, title: state.title }, transitions },
    deps: [rec.uid],
  };
};
