// The JSON of @controlpanels/content-rules: the list of rules, one rule with
// its conditions, actions and what can be added, one condition or action.
// Shapes follow plone.restapi's serializer/controlpanels/rules.py.
import {
  absolutizeSchema,
  type ContentRule,
  type ElementKind,
  elementDef,
  elementSchema,
  elementsOf,
  eventClassName,
  type ReadTx,
  type RuleElement,
} from '@tessera/core';
import type { ServiceContext } from '../../registry.js';
import { shownValues } from './folders.js';

export const PANEL_ID = 'content-rules';
export const PANEL_TITLE = 'Content Rules';
export const PANEL_GROUP = 'Content';

export const panelUrl = (ctx: ServiceContext) => `${ctx.urls.siteUrl}/@controlpanels/${PANEL_ID}`;

const schemaJson = (ctx: ServiceContext, schema: object) =>
  absolutizeSchema(schema as never, ctx.urls.siteUrl) as unknown as Record<string, unknown>;

export async function listJson(ctx: ServiceContext) {
  const store = ctx.tx.contentRules();
  const assigned = await store.assignedRuleIds();
  const rules = (await store.rules()).map((r) => ({
    '@id': `${panelUrl(ctx)}/${r.id}`,
    assigned: assigned.has(r.id),
    description: r.description,
    enabled: r.enabled,
    id: r.id,
    row_class: `trigger-${eventClassName(r.event)} state-${r.enabled ? 'enabled' : 'disabled'} assignment-${
      assigned.has(r.id) ? 'assigned' : 'unassigned'
    }`,
    title: r.title,
    trigger: r.event,
  }));
  // A list holding one list, as plone.restapi answers.
  return { '@id': panelUrl(ctx), group: PANEL_GROUP, items: [rules], title: PANEL_TITLE };
}

async function elementSummaries(ctx: ServiceContext, rule: ContentRule, kind: ElementKind) {
  const list = kind === 'condition' ? rule.conditions : rule.actions;
  const out = [];
  for (const [idx, el] of list.entries()) {
    const def = elementDef(el.type);
    const values = def ? await shownValues(ctx.tx, def, el.values) : el.values;
    out.push({
      description: def?.description ?? '',
      editview:
        def && Object.keys(def.fields).length
          ? `${ctx.urls.siteUrl}/++rule++${rule.id}/++${kind}++${idx}/edit`
          : null,
      first: idx === 0,
      idx,
      last: idx === list.length - 1,
      summary: def ? def.summary(values) : el.type,
      title: def?.title ?? el.type,
    });
  }
  return out;
}

function addable(ctx: ServiceContext, kind: ElementKind) {
  return elementsOf(kind).map((def) => ({
    '@schema': schemaJson(ctx, elementSchema(def)),
    addview: def.type,
    description: def.description,
    title: def.title,
  }));
}

/** Where the rule is assigned: the containers' URLs and titles. */
async function assignmentsJson(ctx: ServiceContext, tx: ReadTx, ruleId: string) {
  const out = [];
  for (const a of await tx.contentRules().assignmentsOf(ruleId)) {
    const rec = await tx.byUid(a.containerUid);
    if (rec) out.push({ title: String(rec.data.title ?? '') || rec.id, url: ctx.urls.url(rec.path) });
  }
  return out;
}

export async function ruleJson(ctx: ServiceContext, rule: ContentRule) {
  return {
    '@id': `${panelUrl(ctx)}/${rule.id}`,
    actions: await elementSummaries(ctx, rule, 'action'),
    addable_actions: addable(ctx, 'action'),
    addable_conditions: addable(ctx, 'condition'),
    assignments: await assignmentsJson(ctx, ctx.tx, rule.id),
    cascading: rule.cascading,
    conditions: await elementSummaries(ctx, rule, 'condition'),
    description: rule.description,
    enabled: rule.enabled,
    event: rule.event,
    group: PANEL_GROUP,
    id: rule.id,
    stop: rule.stop,
    title: rule.title,
  };
}

export async function elementJson(
  ctx: ServiceContext,
  rule: ContentRule,
  kind: ElementKind,
  idx: number,
  el: RuleElement,
) {
  const def = elementDef(el.type);
  const body: Record<string, unknown> = { '@id': `${panelUrl(ctx)}/${rule.id}/${kind}/${idx}` };
  if (!def) return body;
  body['@schema'] = schemaJson(ctx, elementSchema(def));
  const values = await shownValues(ctx.tx, def, el.values);
  // Every field of the form, as Plone reads them off the element.
  for (const name of Object.keys(def.fields)) body[name] = values[name] ?? null;
  return body;
}
