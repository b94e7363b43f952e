// Changing which workflow a type follows (Plone's types control panel):
// existing items get a state in the new workflow — the one the caller maps
// their old state to, the same-named state if the new workflow has it, else
// its initial state — a history entry saying so, and recomputed security.
import { refreshSecurity } from '../access/materialize.js';
import { ploneDate } from '../dates.js';
import { badRequest } from '../errors.js';
import type { WriteTx } from '../ports/storage.js';
import type { Principal } from '../security.js';
import { type ChainSetting, WorkflowChain, workflowById } from './chain.js';
import type { HistoryEntry } from './definitions.js';

export interface RemapInput {
  tx: WriteTx;
  principal: Principal;
  current: ChainSetting;
  /** Type → workflow id (or null: no workflow). */
  types?: Record<string, string | null>;
  /** The workflow of types not listed. */
  default?: string | null;
  /** Old state id → new state id, for items whose workflow changes. */
  stateMap?: Record<string, string>;
  knownTypes: string[];
}

export async function changeWorkflows(
  input: RemapInput,
): Promise<{ chain: ChainSetting; remapped: string[] }> {
  const { tx, current } = input;
  const check = (id: string | null, where: string) => {
    if (id !== null && !workflowById(id)) throw badRequest(`Unknown workflow "${id}" (${where}).`);
  };
  const next: ChainSetting = { default: current.default, types: { ...current.types } };
  if (input.default !== undefined) {
    check(input.default, 'default');
    next.default = input.default;
  }
  for (const [type, id] of Object.entries(input.types ?? {})) {
    if (!input.knownTypes.includes(type)) throw badRequest(`Unknown content type "${type}".`);
    check(id, type);
    next.types[type] = id;
  }
  const before = new WorkflowChain(current);
  const after = new WorkflowChain(next);
  const changedTypes = input.knownTypes.filter((t) => before.idFor(t) !== after.idFor(t));
  const remapped: string[] = [];
  const now = ploneDate(new Date());
  for (const rec of await tx.ofTypes(changedTypes)) {
    const wf = after.forType(rec.type);
    const data: Record<string, unknown> = { ...rec.data };
    if (wf) {
      const old = rec.data.review_state as string | undefined;
      const mapped = old ? input.stateMap?.[old] : undefined;
      if (mapped !== undefined && !wf.states[mapped])
        throw badRequest(`State "${mapped}" does not exist in ${wf.id}.`);
      const state = mapped ?? (old && wf.states[old] ? old : wf.initial);
      data.review_state = state;
      const entry: HistoryEntry = {
        action: null,
        actor: input.principal.id ?? '',
        comments: `Workflow changed to ${wf.id}`,
        review_state: state,
        time: now,
      };
      data.review_history = [...((rec.data.review_history as HistoryEntry[]) ?? []), entry];
    } else {
      delete data.review_state;
    }
    const updated = await tx.update(rec.uid, { data });
    await refreshSecurity(tx, updated, after);
    remapped.push(rec.uid);
  }
  await tx.setSetting('workflow_chain', next);
  return { chain: next, remapped };
}
