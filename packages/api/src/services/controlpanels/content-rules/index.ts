// @controlpanels/content-rules: the site's content rules and, below each,
// its conditions and actions (…/<rule-id>/condition/<idx>, …/action/<idx>).
// The @controlpanels services hand requests for this panel to `contentRulesPanel`.
// https://6.docs.plone.org/plone.restapi/docs/source/endpoints/controlpanels.html
import {
  type ContentRule,
  type ElementKind,
  elementDef,
  elementValues,
  hasPermission,
  type RuleElement,
  TesseraError,
  type WriteTx,
} from '@tessera/core';
import type { Reply, ServiceContext } from '../../registry.js';
import { storeFolders } from './folders.js';
import { ruleProps } from './rule-input.js';
import { elementJson, listJson, PANEL_ID, panelUrl, ruleJson } from './serialize.js';

/** Conditions (and actions) one rule may hold: a bound on what a request may make us store and run. */
const MAX_ELEMENTS = 50;
/** Every rule is read on each content write (content-rules/fire.ts). */
const MAX_RULES = 500;

function authorize(ctx: ServiceContext) {
  if (hasPermission(ctx.principal, 'Content rules: Manage rules')) return;
  throw new TesseraError(
    ctx.principal.id === null ? 'Unauthorized' : 'Forbidden',
    'You are not authorized to access this resource.',
    { extra: { context: panelUrl(ctx) } },
  );
}

function body(ctx: ServiceContext): Record<string, unknown> {
  const b = ctx.body ?? {};
  if (typeof b !== 'object' || Array.isArray(b))
    throw new TesseraError('BadRequest', 'The request body must be a JSON object.');
  return b as Record<string, unknown>;
}

async function ruleOr404(ctx: ServiceContext, id: string): Promise<ContentRule> {
  const rule = await ctx.tx.contentRules().rule(id);
  if (!rule) throw new TesseraError('NotFound', `No such content rule: ${id}`);
  return rule;
}

function kindOf(segment: string | undefined): ElementKind {
  if (segment === 'condition' || segment === 'action') return segment;
  throw new TesseraError('NotFound', `No such content rule resource: ${segment}`);
}

const listOf = (rule: ContentRule, kind: ElementKind): RuleElement[] =>
  kind === 'condition' ? rule.conditions : rule.actions;

function indexIn(list: RuleElement[], segment: string | undefined, kind: ElementKind): number {
  if (segment === undefined)
    throw new TesseraError(
      'BadRequest',
      `${kind === 'condition' ? 'Condition' : 'Action'} index is required`,
    );
  const idx = /^\d{1,6}$/.test(segment) ? Number(segment) : Number.NaN;
  if (!Number.isInteger(idx) || idx >= list.length)
    throw new TesseraError('NotFound', `No ${kind} ${segment} in this rule.`);
  return idx;
}

/** Path below the panel: [rule-id, kind, idx], at most three segments. */
function parts(ctx: ServiceContext) {
  const rest = ctx.args.slice(1);
  if (rest.length > 3) throw new TesseraError('NotFound', `No such resource: ${ctx.args.join('/')}`);
  return rest;
}

async function get(ctx: ServiceContext): Promise<Reply> {
  const [id, kindSeg, idxSeg] = parts(ctx);
  if (id === undefined) return { body: await listJson(ctx) };
  const rule = await ruleOr404(ctx, id);
  if (kindSeg === undefined) return { body: await ruleJson(ctx, rule) };
  const kind = kindOf(kindSeg);
  const list = listOf(rule, kind);
  const idx = indexIn(list, idxSeg, kind);
  return { body: await elementJson(ctx, rule, kind, idx, list[idx]!) };
}

async function post(ctx: ServiceContext<WriteTx>): Promise<Reply> {
  const [id, kindSeg, extra] = parts(ctx);
  const store = ctx.tx.contentRules();
  const data = body(ctx);
  let rule: ContentRule;
  if (id === undefined) {
    const props = ruleProps(data, undefined);
    if ((await store.rules()).length >= MAX_RULES)
      throw new TesseraError('BadRequest', `A site holds at most ${MAX_RULES} content rules.`);
    const newId = await store.addRule({ ...props, conditions: [], actions: [] });
    rule = (await store.rule(newId))!;
  } else {
    if (kindSeg === undefined)
      throw new TesseraError('BadRequest', 'Rule id and condition or action are required');
    if (extra !== undefined) throw new TesseraError('NotFound', `No such resource: ${ctx.args.join('/')}`);
    const kind = kindOf(kindSeg);
    rule = await ruleOr404(ctx, id);
    const { type, ...fields } = data;
    if (typeof type !== 'string' || !type)
      throw new TesseraError(
        'BadRequest',
        `${kind === 'condition' ? 'Condition' : 'Action'} type is required`,
      );
    const def = elementDef(type);
    if (!def || def.kind !== kind) throw new TesseraError('BadRequest', `Unknown ${kind} type: ${type}`);
    const list = listOf(rule, kind);
    if (list.length >= MAX_ELEMENTS)
      throw new TesseraError('BadRequest', `A rule holds at most ${MAX_ELEMENTS} ${kind}s.`);
    const values = await storeFolders(ctx, def, elementValues(def, fields, undefined));
    list.push({ type, values });
    await store.updateRule(rule);
  }
  const url = `${panelUrl(ctx)}/${rule.id}`;
  return { status: 201, headers: { Location: url }, body: await ruleJson(ctx, rule) };
}

async function patch(ctx: ServiceContext<WriteTx>): Promise<Reply> {
  const [id, kindSeg, idxSeg] = parts(ctx);
  if (id === undefined) throw new TesseraError('BadRequest', 'Missing parameter: the rule id');
  const store = ctx.tx.contentRules();
  const rule = await ruleOr404(ctx, id);
  const data = body(ctx);
  if (kindSeg === undefined) {
    if (data['form.button.ApplyOnWholeSite']) {
      // Plone's "apply on the whole site": assigned at the root, for everything below.
      const root = (await ctx.tx.byPath(''))!;
      const here = await store.assignmentsOn([root.uid]);
      const position = here.find((a) => a.ruleId === rule.id)?.position ?? here.length;
      await store.putAssignment({
        containerUid: root.uid,
        ruleId: rule.id,
        position,
        enabled: true,
        bubbles: true,
      });
    }
    await store.updateRule({ ...rule, ...ruleProps(data, rule) });
    return { status: 204 };
  }
  const kind = kindOf(kindSeg);
  if (idxSeg === undefined)
    throw new TesseraError(
      'BadRequest',
      `${kind === 'condition' ? 'Condition' : 'Action'} and its index are required`,
    );
  const list = listOf(rule, kind);
  const idx = indexIn(list, idxSeg, kind);
  const move = data['form.button.Move'];
  if (move !== undefined) {
    const to = move === '_move_up' ? idx - 1 : move === '_move_down' ? idx + 1 : Number.NaN;
    if (Number.isNaN(to))
      throw new TesseraError('BadRequest', '"form.button.Move" must be "_move_up" or "_move_down".');
    // Plone ignores a move past either end.
    if (to >= 0 && to < list.length) list.splice(to, 0, ...list.splice(idx, 1));
  } else {
    const el = list[idx]!;
    const def = elementDef(el.type);
    if (!def) throw new TesseraError('BadRequest', `Unknown ${kind} type: ${el.type}`);
    el.values = await storeFolders(ctx, def, elementValues(def, data, el.values));
  }
  await store.updateRule(rule);
  return { status: 204 };
}

async function del(ctx: ServiceContext<WriteTx>): Promise<Reply> {
  const [id, kindSeg, idxSeg] = parts(ctx);
  if (id === undefined) throw new TesseraError('BadRequest', 'Missing parameter: the rule id');
  const store = ctx.tx.contentRules();
  const rule = await ruleOr404(ctx, id);
  if (kindSeg === undefined) {
    await store.deleteRule(rule.id);
    return { status: 204 };
  }
  const kind = kindOf(kindSeg);
  const list = listOf(rule, kind);
  list.splice(indexIn(list, idxSeg, kind), 1);
  await store.updateRule(rule);
  return { status: 204 };
}

/** The panel's handlers by method; each checks "Content rules: Manage rules". */
export const contentRulesPanel = {
  id: PANEL_ID,
  async GET(ctx: ServiceContext): Promise<Reply> {
    authorize(ctx);
    return get(ctx);
  },
  async POST(ctx: ServiceContext<WriteTx>): Promise<Reply> {
    authorize(ctx);
    return post(ctx);
  },
  async PATCH(ctx: ServiceContext<WriteTx>): Promise<Reply> {
    authorize(ctx);
    return patch(ctx);
  },
  async DELETE(ctx: ServiceContext<WriteTx>): Promise<Reply> {
    authorize(ctx);
    return del(ctx);
  },
};
