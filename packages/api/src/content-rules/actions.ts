// What each action of a rule does (plone.app.contentrules' actions). Content
// changes go through the same core operations as the REST services, as the
// system principal (rules are set up by site administrators; the user whose
// change triggered them need not be allowed to publish or move), and fire
// their own events, which run rules only when the rule cascades.
import {
  type ContentEvent,
  type ContentRecord,
  type ContentRule,
  copyContent,
  doTransition,
  EVENT_TITLES,
  moveContent,
  type RuleElement,
  SYSTEM,
  saveVersion,
  TesseraError,
  type WriteTx,
} from '@tessera/core';
import type { ServiceContext } from '../services/registry.js';
import { trashOrDelete } from '../services/trash/delete.js';
import { type InterpolationEnv, interpolate, loggerMessage } from './interpolate.js';
import { queueRuleMail } from './mail.js';

export interface ActionRun {
  ctx: ServiceContext<WriteTx>;
  rule: ContentRule;
  event: ContentEvent;
  /** The object as it is now; undefined once it is gone (removed by the event or an action). */
  rec: ContentRecord | undefined;
  /** The object as the event found it (for messages about a removed object). */
  snapshot: ContentRecord;
  fire(ctx: ServiceContext<WriteTx>, event: ContentEvent, rec: ContentRecord): Promise<ContentRecord>;
}

const LEVELS: Array<[number, 'debug' | 'info' | 'warn' | 'error' | 'fatal']> = [
  [50, 'fatal'],
  [40, 'error'],
  [30, 'warn'],
  [20, 'info'],
  [0, 'debug'],
];

export function envOf(run: ActionRun): InterpolationEnv {
  const rec = run.rec ?? run.snapshot;
  return {
    rec,
    url: run.ctx.urls.url(rec.path),
    principal: run.ctx.principal,
    event: EVENT_TITLES[run.event],
  };
}

/** Runs one action; returns the object as it is afterwards (undefined when it is gone). */
export async function runAction(run: ActionRun, action: RuleElement): Promise<ContentRecord | undefined> {
  const { ctx, rule } = run;
  const v = action.values;
  switch (action.type) {
    case 'plone.actions.Logger': {
      const level = LEVELS.find(([n]) => Number(v.loggingLevel ?? 20) >= n)![1];
      ctx.log[level](
        { logger: String(v.targetLogger ?? 'Plone'), rule: rule.id, path: envOf(run).rec.path },
        loggerMessage(String(v.message ?? ''), envOf(run)),
      );
      return run.rec;
    }
    case 'plone.actions.Notify':
      // Plone shows this as a status message in its own UI; a REST client has
      // none, so it goes to the log.
      ctx.log.info({ rule: rule.id, type: v.message_type }, interpolate(String(v.message ?? ''), envOf(run)));
      return run.rec;
    case 'plone.actions.Mail':
      await queueRuleMail(ctx, rule, v, envOf(run));
      return run.rec;
    default:
      break;
  }
  const rec = run.rec;
  if (!rec) {
    ctx.log.info({ rule: rule.id, action: action.type }, 'content rule action skipped: the object is gone');
    return undefined;
  }
  switch (action.type) {
    case 'plone.actions.Copy': {
      const target = await folderOf(ctx, v.target_folder);
      const copy = await copyContent(pasteInput(ctx, rec, target));
      ctx.touched.add(copy.uid).add(target.uid);
      await run.fire(ctx, 'copied', copy);
      return (await ctx.tx.byUid(rec.uid)) ?? undefined;
    }
    case 'plone.actions.Move': {
      const target = await folderOf(ctx, v.target_folder);
      if (rec.parentUid) ctx.touched.add(rec.parentUid);
      const moved = await moveContent(pasteInput(ctx, rec, target));
      for (const uid of moved.uids) ctx.touched.add(uid);
      ctx.touched.add(target.uid);
      if (moved.uids.length) await run.fire(ctx, 'moved', moved.record);
      return (await ctx.tx.byUid(rec.uid)) ?? undefined;
    }
    case 'plone.actions.Delete': {
      if (rec.parentUid === null) throw new TesseraError('BadRequest', 'The site root cannot be deleted.');
      const removed = await trashOrDelete({ ...ctx, content: rec });
      for (const uid of removed) ctx.touched.add(uid);
      ctx.touched.add(rec.parentUid);
      await run.fire(ctx, 'removed', rec);
      return undefined;
    }
    case 'plone.actions.Workflow':
      return transition(run, rec, String(v.transition ?? ''));
    case 'plone.actions.Versioning':
      await saveVersion(ctx.tx, rec, { actor: ctx.principal.id, comment: String(v.comment ?? '') });
      ctx.touched.add(rec.uid);
      return rec;
    default:
      // Stored by a newer version or another system: nothing to run.
      ctx.log.warn({ rule: rule.id, action: action.type }, 'unknown content rule action, skipped');
      return rec;
  }
}

function pasteInput(ctx: ServiceContext<WriteTx>, source: ContentRecord, target: ContentRecord) {
  return {
    tx: ctx.tx,
    types: ctx.site.types,
    workflows: ctx.site.workflows,
    principal: SYSTEM,
    source,
    target,
  };
}

async function folderOf(ctx: ServiceContext<WriteTx>, uid: unknown): Promise<ContentRecord> {
  const target = typeof uid === 'string' ? await ctx.tx.byUid(uid) : undefined;
  if (!target) throw new TesseraError('NotFound', 'the target folder does not exist (any more).');
  return target;
}

/**
 * A transition the object's current state does not offer is skipped, as in
 * Plone (its action logs the workflow error and the request goes on): a rule
 * "publish when modified" must not break the second edit of a published page.
 */
async function transition(run: ActionRun, rec: ContentRecord, name: string) {
  const { ctx } = run;
  const wf = ctx.site.workflows.forType(rec.type);
  const state = wf?.states[String(rec.data.review_state ?? '')];
  if (!wf || !state?.transitions.includes(name)) {
    ctx.log.info(
      { rule: run.rule.id, path: rec.path, transition: name },
      'content rule: transition not available',
    );
    return rec;
  }
  const result = await doTransition({
    tx: ctx.tx,
    rec,
    principal: SYSTEM,
    workflows: ctx.site.workflows,
    transition: name,
  });
  for (const uid of result.changed) ctx.touched.add(uid);
  const after = (await ctx.tx.byUid(rec.uid)) ?? rec;
  return run.fire(ctx, 'workflow', after);
}
