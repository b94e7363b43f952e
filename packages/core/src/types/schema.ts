// Assembling a type's JSON schema (GET @types/{name}) from its definition and
// behaviors, the way plone.autoform builds the form plone.restapi describes:
// the type's own fields first, then each behavior's in order; fieldsets in
// order of first appearance; order_before/after('*') pins applied last.
import type { BehaviorDef, FieldSchema, FieldsetDef, JsonObject, TypeDef } from './model.js';

/** Fieldsets created through the web carry this behavior name in GET @types. */
export const GENERATED_FIELDSET_BEHAVIOR = 'plone.dexterity.schema.generated';

/** Behavior name of a type's own fields: 'plone.dexterity.schema.generated.plone_0_News_1_Item'. */
export function typeSchemaBehavior(typeId: string): string {
  // plone.dexterity's schema name encoding.
  const encoded = typeId
    .replace(/_/g, '__')
    .replace(/ /g, '_1_')
    .replace(/\./g, '_2_')
    .replace(/-/g, '_3_')
    .replace(/\//g, '_4_')
    .replace(/\|/g, '_5_');
  return `${GENERATED_FIELDSET_BEHAVIOR}.plone_0_${encoded}`;
}

export interface EffectiveField {
  schema: FieldSchema;
  /** As emitted in `properties[name].behavior`. */
  behavior: string;
  /** The behavior providing the field; null for the type's own fields. */
  source: string | null;
  fieldset: string;
  required: boolean;
}

interface Group {
  id: string;
  title: string;
  description?: string | null;
  fields: string[];
  generated: boolean;
}

interface Layout {
  groups: Group[];
  fields: Map<string, EffectiveField>;
}

function layout(def: TypeDef, behaviors: Map<string, BehaviorDef>): Layout {
  const own: BehaviorDef = {
    name: typeSchemaBehavior(def.id),
    fields: def.fields,
    fieldsets: def.fieldsets,
    required: def.required,
  };
  const sources: Array<{ b: BehaviorDef; isType: boolean }> = [{ b: own, isType: true }];
  for (const name of def.behaviors) {
    const b = behaviors.get(name);
    if (b) sources.push({ b, isType: false });
  }

  const groups = new Map<string, Group>([
    ['default', { id: 'default', title: 'Default', fields: [], generated: false }],
  ]);
  const fields = new Map<string, EffectiveField>();
  const placement = new Map<string, 'first' | 'last'>();

  for (const { b, isType } of sources) {
    const fieldsetOf = new Map<string, string>();
    for (const fs of b.fieldsets) {
      for (const f of fs.fields) fieldsetOf.set(f, fs.id);
      const group = groups.get(fs.id);
      if (!group) {
        groups.set(fs.id, {
          id: fs.id,
          title: fs.title,
          description: fs.description,
          fields: [],
          generated: isType,
        });
      } else if (isType) {
        group.generated = true;
      }
    }
    const required = new Set(b.required ?? []);
    for (const [name, schema] of Object.entries(b.fields)) {
      if (fields.has(name)) continue; // first definition wins, as the type's own model does
      const fieldset = fieldsetOf.get(name) ?? 'default';
      groups.get(fieldset)!.fields.push(name);
      fields.set(name, {
        schema,
        behavior: isType ? b.name : (b.emitAs ?? b.name),
        source: isType ? null : b.name,
        fieldset,
        required: required.has(name),
      });
      const pin = b.placement?.[name];
      if (pin) placement.set(name, pin);
    }
  }

  for (const g of groups.values()) {
    const first = g.fields.filter((f) => placement.get(f) === 'first');
    const last = g.fields.filter((f) => placement.get(f) === 'last');
    const middle = g.fields.filter((f) => !placement.has(f));
    g.fields = [...first, ...middle, ...last];
  }

  // Empty fieldsets are dropped, except the type's own: plone.restapi appends those at the end.
  const all = [...groups.values()];
  const ordered = [
    ...all.filter((g) => g.fields.length > 0 || g.id === 'default'),
    ...all.filter((g) => g.fields.length === 0 && g.id !== 'default' && g.generated),
  ];
  return { groups: ordered, fields };
}

/** Every field of the type, in form order, with where it comes from. */
export function effectiveFields(
  def: TypeDef,
  behaviors: Map<string, BehaviorDef>,
): Map<string, EffectiveField> {
  const { groups, fields } = layout(def, behaviors);
  const out = new Map<string, EffectiveField>();
  for (const g of groups) for (const name of g.fields) out.set(name, fields.get(name)!);
  return out;
}

/** Ids of all fieldsets the assembled schema shows (including empty TTW ones). */
export function effectiveFieldsetIds(def: TypeDef, behaviors: Map<string, BehaviorDef>): string[] {
  return layout(def, behaviors).groups.map((g) => g.id);
}

/** Deep copy of a field schema with site-relative `@id`s made absolute. */
export function absolutizeSchema(schema: FieldSchema, siteUrl: string): FieldSchema {
  const base = siteUrl.replace(/\/+$/, '');
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (typeof v !== 'object' || v === null) return v;
    const out: Record<string, unknown> = {};
    for (const [k, val] of Object.entries(v)) {
      out[k] =
        k === '@id' && typeof val === 'string' && !/^[a-z][a-z0-9+.-]*:/i.test(val)
          ? `${base}/${val.replace(/^\/+/, '')}`
          : walk(val);
    }
    return out;
  };
  return walk(schema) as FieldSchema;
}

function fieldsetJson(g: Group): JsonObject {
  const out: JsonObject = { behavior: g.generated ? GENERATED_FIELDSET_BEHAVIOR : 'plone' };
  // plone.restapi gives no description for the main fieldset.
  if (g.id !== 'default') out.description = g.description ?? '';
  out.fields = [...g.fields];
  out.id = g.id;
  out.title = g.title;
  return out;
}

/** The body of GET @types/{name}. */
export function assembleSchema(
  def: TypeDef,
  behaviors: Map<string, BehaviorDef>,
  siteUrl: string,
): JsonObject {
  const { groups, fields } = layout(def, behaviors);
  const properties: JsonObject = {};
  const required: string[] = [];
  for (const g of groups) {
    for (const name of g.fields) {
      const f = fields.get(name)!;
      properties[name] = {
        ...absolutizeSchema(f.schema, siteUrl),
        behavior: f.behavior,
      } as unknown as JsonObject;
      if (f.required) required.push(name);
    }
  }
  return {
    fieldsets: groups.map(fieldsetJson),
    layouts: [...def.layouts],
    properties,
    required,
    title: def.title,
    type: 'object',
  };
}

/** GET @types/{name}/{field}: one field with its behavior; null when unknown. */
export function fieldInfo(
  def: TypeDef,
  behaviors: Map<string, BehaviorDef>,
  name: string,
  siteUrl: string,
): JsonObject | null {
  const f = effectiveFields(def, behaviors).get(name);
  if (!f) return null;
  return { ...absolutizeSchema(f.schema, siteUrl), behavior: f.behavior } as unknown as JsonObject;
}

/** GET @types/{name}/{fieldset}: one fieldset; null when unknown. */
export function fieldsetInfo(
  def: TypeDef,
  behaviors: Map<string, BehaviorDef>,
  id: string,
): JsonObject | null {
  const own = def.fieldsets.find((fs: FieldsetDef) => fs.id === id);
  if (own) {
    return {
      behavior: GENERATED_FIELDSET_BEHAVIOR,
      description: own.description ?? '',
      fields: [...own.fields],
      id: own.id,
      title: own.title,
    };
  }
  const g = layout(def, behaviors).groups.find((x) => x.id === id);
  return g ? fieldsetJson(g) : null;
}

/** One entry of the GET @types listing. */
export function typeListEntry(
  def: TypeDef,
  siteUrl: string,
  addable: boolean,
  immediatelyAddable: boolean = addable,
): JsonObject {
  return {
    '@id': `${siteUrl.replace(/\/+$/, '')}/@types/${def.id}`,
    addable,
    id: def.id,
    immediately_addable: immediatelyAddable,
    title: def.title,
  };
}

/** Types that may be added inside `container` (none when it is not folderish). */
export function allowedTypeIds(container: TypeDef | null | undefined, types: TypeDef[]): string[] {
  if (!container?.folderish) return [];
  const addable = types.filter((t) => t.addable !== false);
  if (container.allowedContentTypes === null) return addable.filter((t) => t.globalAllow).map((t) => t.id);
  const allowed = new Set(container.allowedContentTypes);
  return addable.filter((t) => allowed.has(t.id)).map((t) => t.id);
}

/**
 * The GET @types listing in `container`: every listable type sorted by title.
 * `allowed`/`immediatelyAddable` override the type-based answer (local constraints).
 */
export function typesListing(
  types: TypeDef[],
  siteUrl: string,
  container: TypeDef | null | undefined,
  opts: { allowed?: string[]; immediatelyAddable?: string[] } = {},
): JsonObject[] {
  const allowed = new Set(opts.allowed ?? allowedTypeIds(container, types));
  const immediately = new Set(opts.immediatelyAddable ?? allowed);
  return types
    .filter((t) => t.addable !== false)
    .sort((a, b) => a.title.toLowerCase().localeCompare(b.title.toLowerCase()))
    .map((t) => typeListEntry(t, siteUrl, allowed.has(t.id), immediately.has(t.id) && allowed.has(t.id)));
}
