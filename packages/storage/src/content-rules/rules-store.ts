// Content rules and their assignments in the database (migration 0015), read
// and written in the caller's transaction. Plain queries that run alike on
// SQLite, PostgreSQL and MariaDB.
import type {
  ContentRule,
  ContentRulesReader,
  ContentRulesWriter,
  RuleAssignment,
  RuleElement,
} from '@tessera/core';
import type { Kysely } from 'kysely';

interface RuleRow {
  id: string;
  seq: number;
  title: string;
  description: string;
  event: string;
  enabled: number;
  stop: number;
  cascading: number;
  conditions: string;
  actions: string;
}

interface AssignmentRow {
  container_uid: string;
  rule_id: string;
  position: number;
  enabled: number;
  bubbles: number;
}

interface RuleTables {
  content_rules: RuleRow;
  content_rule_assignments: AssignmentRow;
}

type Db = Kysely<RuleTables>;

const elements = (json: string): RuleElement[] => {
  const v = JSON.parse(json);
  return Array.isArray(v) ? v : [];
};

function toRule(r: RuleRow): ContentRule {
  return {
    id: r.id,
    title: r.title,
    description: r.description,
    event: r.event,
    enabled: Number(r.enabled) === 1,
    stop: Number(r.stop) === 1,
    cascading: Number(r.cascading) === 1,
    conditions: elements(r.conditions),
    actions: elements(r.actions),
  };
}

function toAssignment(r: AssignmentRow): RuleAssignment {
  return {
    containerUid: r.container_uid,
    ruleId: r.rule_id,
    position: Number(r.position),
    enabled: Number(r.enabled) === 1,
    bubbles: Number(r.bubbles) === 1,
  };
}

const ruleColumns = (rule: Omit<ContentRule, 'id'>) => ({
  title: rule.title,
  description: rule.description,
  event: rule.event,
  enabled: rule.enabled ? 1 : 0,
  stop: rule.stop ? 1 : 0,
  cascading: rule.cascading ? 1 : 0,
  conditions: JSON.stringify(rule.conditions),
  actions: JSON.stringify(rule.actions),
});

export function contentRulesReader(anyDb: Kysely<any>): ContentRulesReader {
  const db = anyDb as Db;
  return {
    async rules() {
      const rows = await db.selectFrom('content_rules').selectAll().orderBy('seq').execute();
      return rows.map(toRule);
    },
    async enabledRulesFor(eventTitle) {
      const rows = await db
        .selectFrom('content_rules')
        .selectAll()
        .where('event', '=', eventTitle)
        .where('enabled', '=', 1)
        .orderBy('seq')
        .execute();
      return rows.map(toRule);
    },
    async rule(id) {
      const row = await db.selectFrom('content_rules').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toRule(row);
    },
    async assignmentsOn(containerUids) {
      if (!containerUids.length) return [];
      const rows = await db
        .selectFrom('content_rule_assignments')
        .selectAll()
        .where('container_uid', 'in', containerUids)
        .orderBy('container_uid')
        .orderBy('position')
        .execute();
      return rows.map(toAssignment);
    },
    async assignmentsOf(ruleId) {
      const rows = await db
        .selectFrom('content_rule_assignments')
        .selectAll()
        .where('rule_id', '=', ruleId)
        .orderBy('container_uid')
        .execute();
      return rows.map(toAssignment);
    },
    async assignedRuleIds() {
      const rows = await db.selectFrom('content_rule_assignments').select('rule_id').distinct().execute();
      return new Set(rows.map((r) => r.rule_id));
    },
  };
}

export function contentRulesWriter(anyDb: Kysely<any>): ContentRulesWriter {
  const db = anyDb as Db;
  return {
    ...contentRulesReader(anyDb),
    async addRule(rule) {
      // Plone's name chooser: rule-<n>, n one past the highest taken.
      const rows = await db.selectFrom('content_rules').select(['id', 'seq']).execute();
      let n = rows.reduce((m, r) => Math.max(m, Number(r.seq)), 0);
      const taken = new Set(rows.map((r) => r.id));
      do n++;
      while (taken.has(`rule-${n}`));
      const id = `rule-${n}`;
      await db
        .insertInto('content_rules')
        .values({ id, seq: n, ...ruleColumns(rule) })
        .execute();
      return id;
    },
    async updateRule(rule) {
      await db.updateTable('content_rules').set(ruleColumns(rule)).where('id', '=', rule.id).execute();
    },
    async deleteRule(id) {
      await db.deleteFrom('content_rule_assignments').where('rule_id', '=', id).execute();
      const res = await db.deleteFrom('content_rules').where('id', '=', id).executeTakeFirst();
      return Number(res.numDeletedRows) > 0;
    },
    async putAssignment(a) {
      await db
        .deleteFrom('content_rule_assignments')
        .where('container_uid', '=', a.containerUid)
        .where('rule_id', '=', a.ruleId)
        .execute();
      await db
        .insertInto('content_rule_assignments')
        .values({
          container_uid: a.containerUid,
          rule_id: a.ruleId,
          position: a.position,
          enabled: a.enabled ? 1 : 0,
          bubbles: a.bubbles ? 1 : 0,
        })
        .execute();
    },
    async deleteAssignment(containerUid, ruleId) {
      const res = await db
        .deleteFrom('content_rule_assignments')
        .where('container_uid', '=', containerUid)
        .where('rule_id', '=', ruleId)
        .executeTakeFirst();
      return Number(res.numDeletedRows) > 0;
    },
  };
}
