// Site settings as data: registry records (name → field schema + default) and
// the control panels that edit groups of them. Values live in the 'registry'
// site setting; a record that was never written has its schema default.
// https://6.docs.plone.org/plone.restapi/docs/source/endpoints/registry.html
// https://6.docs.plone.org/plone.restapi/docs/source/endpoints/controlpanels.html
import type { Permission } from '../security.js';
import type { FieldSchema, FieldsetDef, JsonValue } from '../types/model.js';

/** Plone's control panel groups, in the order its overview shows them. */
export const PANEL_GROUPS = ['General', 'Content', 'Users', 'Security'] as const;
export type PanelGroup = (typeof PANEL_GROUPS)[number];

/** Checks one value beyond its field type; returns why it is refused, or null. */
export type Constraint = (value: JsonValue) => string | null;

export interface ControlPanelDef {
  /** The name in the URL: @controlpanels/<id>. */
  id: string;
  title: string;
  group: PanelGroup;
  /** Needed to see and change the panel (Plone's configlet permission). */
  permission: Permission;
  /** Registry prefix: field `x` is stored in record `<prefix>.x`. */
  prefix: string;
  /** The fields in form order; `default` in each schema is the record default. */
  fields: Record<string, FieldSchema>;
  required: string[];
  /** Named fieldsets; fields not listed in one are in 'default'. */
  fieldsets?: FieldsetDef[];
  /** Per-field checks beyond the field type (zope.schema constraints). */
  constraints?: Record<string, Constraint>;
}

export interface RegistryRecord {
  /** Dotted name: 'plone.enable_self_reg'. */
  name: string;
  schema: FieldSchema;
  /** null is refused ("Required input is missing."). */
  required: boolean;
  /** The value before any write when it is not the field's default (records set up with a value). */
  initial?: JsonValue;
  constraint?: Constraint;
}
