// Whether a rule's conditions hold for the object an event happened to
// (plone.app.contentrules' conditions). All must hold for the rule to run.
import type { ContentRule, RuleElement } from '../ports/content-rules.js';
import type { ContentRecord } from '../ports/storage.js';
import type { Principal } from '../security.js';

export interface ConditionFacts {
  rec: ContentRecord;
  principal: Principal;
  /** The principal's roles on the object (global, local and owner). */
  roles: ReadonlySet<string>;
}

export type TalesResult = boolean | 'unsupported';

/**
 * The TALES we evaluate: no path traversal, no Python. `python:True`,
 * `python:False`, `nothing`, and `string:…` (true when the text is not empty).
 * Anything else is 'unsupported' and the condition does not hold (a rule with
 * an expression we cannot evaluate never runs rather than running always).
 */
export function evaluateTales(expression: string): TalesResult {
  const e = expression.trim();
  if (/^python:\s*True$/.test(e)) return true;
  if (/^python:\s*False$/.test(e) || e === 'nothing') return false;
  const s = /^string:(.*)$/s.exec(e);
  if (s) return s[1]!.trim() !== '';
  return 'unsupported';
}

/** The file name of the object's primary file or image field, if any. */
function fileNameOf(rec: ContentRecord): string | undefined {
  for (const key of ['file', 'image']) {
    const v = rec.data[key] as { filename?: unknown } | undefined;
    if (v && typeof v === 'object' && typeof v.filename === 'string') return v.filename;
  }
  return undefined;
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x) => typeof x === 'string') : []);

export function conditionHolds(el: RuleElement, facts: ConditionFacts): boolean {
  const v = el.values;
  switch (el.type) {
    case 'plone.conditions.PortalType':
      return strings(v.check_types).includes(facts.rec.type);
    case 'plone.conditions.FileExtension': {
      const name = fileNameOf(facts.rec);
      const dot = name?.lastIndexOf('.') ?? -1;
      if (!name || dot < 0) return false;
      return name.slice(dot + 1).toLowerCase() === String(v.file_extension ?? '').toLowerCase();
    }
    case 'plone.conditions.WorkflowState':
      return strings(v.wf_states).includes(String(facts.rec.data.review_state ?? ''));
    case 'plone.conditions.Group':
      return strings(v.group_names).some((g) => facts.principal.groups.has(g));
    case 'plone.conditions.Role':
      return strings(v.role_names).some((r) => facts.roles.has(r));
    case 'plone.conditions.TalesExpression':
      return evaluateTales(String(v.tales_expression ?? '')) === true;
    default:
      return false;
  }
}

export function ruleConditionsHold(rule: ContentRule, facts: ConditionFacts): boolean {
  return rule.conditions.every((c) => conditionHolds(c, facts));
}
