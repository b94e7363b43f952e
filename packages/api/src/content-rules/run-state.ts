// What one request's rule execution remembers between the events it fires:
// which (rule, object, event) already ran, and whether the actions running
// now may trigger rules in turn. This is what keeps rules from looping.
import type { ServiceContext } from '../services/registry.js';

export interface RunState {
  /** `${ruleId} ${uid} ${event}` of every rule run in this request. */
  executed: Set<string>;
  /** Nesting of rule actions: 0 outside any rule. */
  depth: number;
  /** While a rule's actions run: whether that rule cascades. */
  cascade: boolean;
}

/** Events caused by cascading rules nest at most this deep. */
export const MAX_DEPTH = 5;

const states = new WeakMap<object, RunState>();

export function runStateOf(ctx: ServiceContext<any>): RunState {
  let s = states.get(ctx);
  if (!s) {
    s = { executed: new Set(), depth: 0, cascade: false };
    states.set(ctx, s);
  }
  return s;
}
