// @workflow (GET): current state, the transitions this principal may take,
// and the review history.
import { availableTransitions, stateOf } from '@tessera/core';
import type { Expander } from './index.js';

export const workflow: Expander = async (ctx, rec) => {
  const url = ctx.urls.url(rec.path);
  const wf = ctx.site.workflows.forType(rec.type);
  if (!wf) return { body: { '@id': `${url}/@workflow`, history: [], transitions: [] }, deps: [rec.uid] };
  const state = stateOf(rec, wf);
  const history = ((rec.data.review_history as any[]) ?? []).map((h) => ({
    ...h,
    title: wf.states[h.review_state]?.title ?? h.review_state,
  }));
  const transitions = availableTransitions(ctx.principal, rec, wf).map((t) => ({
    '@id': `${url}/@workflow/${t.id}`,
    title: t.title,
  }));
  return {
    body: { '@id': `${url}/@workflow`, history, state: { id: state.id, title: state.title }, transitions },
    deps: [rec.uid],
  };
};
