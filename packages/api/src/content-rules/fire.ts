// The one hook the write paths call after a content change: runs the content
// rules that apply (docs/content-rules.md). Rules assigned on the container
// where the event happened run (Plone's execute(): the object itself for
// "modified" and "workflow", its container for added/removed/moved/copied),
// then those assigned further up that apply to subfolders ("bubbles"), in
// assignment order. Actions run in the request's transaction, so a failing
// action undoes the whole request; mail goes out after commit.
import {
  type ContentEvent,
  type ContentRecord,
  type ContentRule,
  EVENT_TITLES,
  rolesOn,
  ruleConditionsHold,
  TesseraError,
  type WriteTx,
} from '@tessera/core';
import type { ServiceContext } from '../services/registry.js';
import { runAction } from './actions.js';
import { MAX_DEPTH, runStateOf } from './run-state.js';

/**
 * Runs the rules `event` on `rec` triggers; returns the object as it is
 * afterwards (a rule may have moved it or changed its state), or `rec` when
 * a rule removed it.
 */
export async function fireContentRules(
  ctx: ServiceContext<WriteTx>,
  event: ContentEvent,
  rec: ContentRecord,
): Promise<ContentRecord> {
  const after = await runRulesFor(ctx, event, rec);
  // A copy is also added to its folder, as pasting notifies both in Plone.
  if (event !== 'copied') return after;
  const still = await ctx.tx.byUid(after.uid);
  return still ? runRulesFor(ctx, 'added', still) : after;
}

async function runRulesFor(
  ctx: ServiceContext<WriteTx>,
  event: ContentEvent,
  rec: ContentRecord,
): Promise<ContentRecord> {
  const state = runStateOf(ctx);
  // Changes made by a rule's actions trigger rules only when it cascades.
  if (state.depth > 0 && !state.cascade) return rec;
  if (state.depth >= MAX_DEPTH) {
    ctx.log.warn({ event, path: rec.path }, 'content rules: cascade too deep, not run');
    return rec;
  }
  const store = ctx.tx.contentRules();
  const title = EVENT_TITLES[event];
  const rules = new Map((await store.enabledRulesFor(title)).map((r) => [r.id, r]));
  if (rules.size === 0) return rec;

  const chain = await containerChain(ctx, event, rec);
  if (!chain.length) return rec;
  const assignments = await store.assignmentsOn(chain.map((c) => c.uid));
  let current = rec;
  for (const [level, container] of chain.entries()) {
    for (const a of assignments) {
      if (a.containerUid !== container.uid || !a.enabled) continue;
      if (level > 0 && !a.bubbles) continue;
      const rule = rules.get(a.ruleId);
      if (!rule) continue;
      const key = `${rule.id} ${rec.uid} ${event}`;
      if (state.executed.has(key)) continue;
      if (
        !ruleConditionsHold(rule, {
          rec: current,
          principal: ctx.principal,
          roles: rolesOn(ctx.principal, current),
        })
      )
        continue;
      state.executed.add(key);
      current = await runRule(ctx, rule, event, current);
      if (rule.stop) return current;
    }
  }
  return current;
}

/**
 * The container the rules are looked up on first — the item's parent, as
 * plone.app.contentrules does for every event (the site root, which has
 * none, is its own) — then its ancestors up to the site root.
 */
async function containerChain(ctx: ServiceContext<WriteTx>, _event: ContentEvent, rec: ContentRecord) {
  const onItself = rec.parentUid === null;
  const start = onItself ? rec : rec.parentUid ? await ctx.tx.byUid(rec.parentUid) : undefined;
  if (!start) return [];
  return [start, ...(await ctx.tx.ancestors(start.path)).reverse()];
}

async function runRule(
  ctx: ServiceContext<WriteTx>,
  rule: ContentRule,
  event: ContentEvent,
  rec: ContentRecord,
): Promise<ContentRecord> {
  const state = runStateOf(ctx);
  const saved = { depth: state.depth, cascade: state.cascade };
  state.depth += 1;
  state.cascade = rule.cascading;
  let current: ContentRecord | undefined = event === 'removed' ? undefined : rec;
  try {
    for (const action of rule.actions) {
      try {
        current = await runAction(
          { ctx, rule, event, rec: current, snapshot: rec, fire: fireContentRules },
          action,
        );
      } catch (err) {
        const why = err instanceof Error ? err.message : String(err);
        ctx.log.warn({ err, rule: rule.id, action: action.type }, 'content rule action failed');
        // All or nothing: the request's write is undone with the rule's.
        throw new TesseraError(
          'Conflict',
          `The content rule "${rule.title}" (${rule.id}) failed in its action ${action.type}: ${why}`,
        );
      }
    }
  } finally {
    state.depth = saved.depth;
    state.cascade = saved.cascade;
  }
  return current ?? rec;
}
