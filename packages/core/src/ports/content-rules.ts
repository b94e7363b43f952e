// Content rules (docs/content-rules.md): the rules the site defines and where
// they are assigned. Rules live in their own tables (migration 0015); the
// storage reads and writes them inside the request's transaction.

/** One condition or action of a rule: its type (e.g. 'plone.conditions.PortalType') and its settings. */
export interface RuleElement {
  type: string;
  values: Record<string, unknown>;
}

export interface ContentRule {
  /** 'rule-1', 'rule-2', … (chosen by the server, as Plone's name chooser does). */
  id: string;
  title: string;
  description: string;
  /** The triggering event, by its title ('Object modified', …): the token of plone.contentrules.events. */
  event: string;
  enabled: boolean;
  /** Stop executing further rules for the same event once this one ran. */
  stop: boolean;
  /** Changes made by this rule's actions may trigger rules in turn. */
  cascading: boolean;
  conditions: RuleElement[];
  actions: RuleElement[];
}

/** A rule assigned to a container (the site root or a folder). */
export interface RuleAssignment {
  containerUid: string;
  ruleId: string;
  /** Order of the rules assigned to one container. */
  position: number;
  enabled: boolean;
  /** Applies to everything below the container too ("apply to subfolders"). */
  bubbles: boolean;
}

export interface ContentRulesReader {
  /** Every rule, in the order they were added. */
  rules(): Promise<ContentRule[]>;
  /** The enabled rules for one event (by its title), in order: what a content write looks up. */
  enabledRulesFor(eventTitle: string): Promise<ContentRule[]>;
  rule(id: string): Promise<ContentRule | undefined>;
  /** The assignments on these containers, each container's in position order. */
  assignmentsOn(containerUids: string[]): Promise<RuleAssignment[]>;
  /** Where one rule is assigned. */
  assignmentsOf(ruleId: string): Promise<RuleAssignment[]>;
  /** Ids of the rules assigned anywhere. */
  assignedRuleIds(): Promise<Set<string>>;
}

export interface ContentRulesWriter extends ContentRulesReader {
  /** Adds a rule, its id chosen here ('rule-<n>'); returns the id. */
  addRule(rule: Omit<ContentRule, 'id'>): Promise<string>;
  updateRule(rule: ContentRule): Promise<void>;
  /** Removes a rule and its assignments; false when there was none. */
  deleteRule(id: string): Promise<boolean>;
  putAssignment(a: RuleAssignment): Promise<void>;
  deleteAssignment(containerUid: string, ruleId: string): Promise<boolean>;
}
