// Through-the-web schema editing (POST/PATCH/PUT/DELETE @types/{name}…), as
// pure functions: each takes a TypeDef and returns a changed copy, or throws
// TypeSchemaError. Only the type's own fields and fieldsets can be changed;
// behavior fields and fieldsets are read-only here.

import { FieldValueError, isPlainObject } from './field-type.js';
import { deserializeValue } from './fields.js';
import type { BehaviorDef, FieldSchema, FieldsetDef, JsonObject, TypeDef } from './model.js';
import {
  effectiveFields,
  effectiveFieldsetIds,
  fieldInfo,
  fieldsetInfo,
  GENERATED_FIELDSET_BEHAVIOR,
} from './schema.js';
import { fieldTemplate, invalidFieldIdReason, normalizeFieldId, TypeSchemaError } from './ttw-factories.js';

type Behaviors = Map<string, BehaviorDef>;
type Body = Record<string, unknown>;

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

function newId(body: Body, what: string): string {
  const title = str(body.title);
  const id = str(body.id) || (title ? normalizeFieldId(title) : '');
  if (!id) throw new TypeSchemaError(`A ${what} needs a title or an id.`);
  const reason = invalidFieldIdReason(id);
  if (reason) throw new TypeSchemaError(reason);
  return id;
}

function fieldOwner(def: TypeDef, behaviors: Behaviors, name: string): 'type' | string | null {
  if (Object.hasOwn(def.fields, name)) return 'type';
  return effectiveFields(def, behaviors).get(name)?.source ?? null;
}

/** POST @types/{name} with a field factory: adds a type field to the main fieldset. */
export function addField(
  def: TypeDef,
  behaviors: Behaviors,
  body: Body,
  siteUrl: string,
): { def: TypeDef; id: string; response: JsonObject } {
  const id = newId(body, 'field');
  if (effectiveFields(def, behaviors).has(id))
    throw new TypeSchemaError(`There is already a field named '${id}'.`);
  const schema = fieldTemplate(body.factory, id, str(body.title) ?? id, str(body.description) ?? '');
  const next = structuredClone(def);
  next.fields[id] = schema;
  if (body.required === true) next.required.push(id);
  return { def: next, id, response: fieldInfo(next, behaviors, id, siteUrl)! };
}

/** POST @types/{name} with factory "fieldset": adds an empty fieldset. */
export function addFieldset(
  def: TypeDef,
  behaviors: Behaviors,
  body: Body,
): { def: TypeDef; id: string; response: JsonObject } {
  const id = newId(body, 'fieldset');
  if (id === 'default') throw new TypeSchemaError("The fieldset id 'default' is reserved.");
  if (effectiveFieldsetIds(def, behaviors).includes(id) || def.fieldsets.some((f) => f.id === id))
    throw new TypeSchemaError(`There is already a fieldset named '${id}'.`);
  const next = structuredClone(def);
  next.fieldsets.push({
    id,
    title: str(body.title) ?? id,
    description: str(body.description) ?? '',
    fields: [],
  });
  return { def: next, id, response: fieldsetInfo(next, behaviors, id)! };
}

/** POST @types/{name}: a fieldset when factory is "fieldset", else a field. */
export function addFieldOrFieldset(def: TypeDef, behaviors: Behaviors, body: Body, siteUrl: string) {
  if (!body.factory) throw new TypeSchemaError("Missing parameter: 'factory'");
  return body.factory === 'fieldset'
    ? addFieldset(def, behaviors, body)
    : addField(def, behaviors, body, siteUrl);
}

const LIMITS = ['minLength', 'maxLength', 'minItems', 'maxItems', 'minimum', 'maximum'] as const;

// Applies the editable properties of a type field; other keys (type, factory, behavior…) are ignored.
function applyFieldProps(def: TypeDef, name: string, body: Body): void {
  const schema: FieldSchema = def.fields[name];
  if (body.title !== undefined) {
    if (typeof body.title !== 'string' || body.title === '')
      throw new TypeSchemaError('The title must be a non-empty string.');
    schema.title = body.title;
  }
  if (body.description !== undefined) {
    if (typeof body.description !== 'string' && body.description !== null)
      throw new TypeSchemaError('The description must be a string.');
    schema.description = body.description ?? '';
  }
  if (body.required !== undefined) {
    if (typeof body.required !== 'boolean') throw new TypeSchemaError('required must be true or false.');
    def.required = def.required.filter((r) => r !== name);
    if (body.required) def.required.push(name);
  }
  for (const key of LIMITS) {
    if (!(key in body)) continue;
    const v = body[key];
    const isLength = key.endsWith('Length') || key.endsWith('Items');
    // Like zope.schema, null (and 0 for lengths) means "no limit".
    if (v === null || (v === 0 && isLength)) delete schema[key];
    else if (typeof v === 'number' && Number.isFinite(v)) schema[key] = v;
    else if (typeof v === 'string' && !isLength && /^Date/.test(schema.factory ?? '')) {
      // Date limits are dates: stored in the field's own value form.
      try {
        const limit = deserializeValue({ ...schema, minimum: undefined, maximum: undefined }, v) as string;
        (schema as Record<string, unknown>)[key] = limit;
      } catch {
        throw new TypeSchemaError(`${key} must be a date.`);
      }
    } else throw new TypeSchemaError(`${key} must be a number.`);
  }
  if ((schema.minLength ?? 0) > (schema.maxLength ?? Number.POSITIVE_INFINITY))
    throw new TypeSchemaError('minLength must not be greater than maxLength.');
  if (Array.isArray(body.values) && (schema.factory === 'Choice' || schema.items?.factory === 'Choice')) {
    const values = body.values.map(String);
    const target = schema.factory === 'Choice' ? schema : schema.items!;
    target.enum = values;
    target.enumNames = [...values];
    target.choices = values.map((v) => [v, v] as [string, string]);
  }
  if ('default' in body) {
    if (body.default === null) delete schema.default;
    else {
      // Checked for type only: plone.restapi sets the default without the length limits.
      const { minLength, maxLength, minItems, maxItems, ...loose } = schema;
      try {
        schema.default = deserializeValue(loose as FieldSchema, body.default);
      } catch (e) {
        if (e instanceof FieldValueError)
          throw new TypeSchemaError(`Invalid default for '${name}': ${e.message}`);
        throw e;
      }
    }
  }
}

/** PATCH @types/{name}/{field}. */
export function patchField(def: TypeDef, behaviors: Behaviors, name: string, body: Body): TypeDef {
  const owner = fieldOwner(def, behaviors, name);
  if (owner === null) throw new TypeSchemaError(`Field '${name}' could not be found.`, 'NotFound');
  if (owner !== 'type')
    throw new TypeSchemaError(
      `Field '${name}' comes from the behavior '${owner}' and cannot be changed here.`,
    );
  const next = structuredClone(def);
  applyFieldProps(next, name, body);
  return next;
}

// Moves the listed type fields into a fieldset (front, in the given order);
// names that are not type fields are skipped, as in plone.restapi.
function moveFields(def: TypeDef, target: string, names: unknown): void {
  if (!Array.isArray(names)) return;
  const moving = names.filter((n): n is string => typeof n === 'string' && Object.hasOwn(def.fields, n));
  const unique = [...new Set(moving)];
  for (const fs of def.fieldsets) fs.fields = fs.fields.filter((f) => !unique.includes(f));
  if (target === 'default') {
    // Main fieldset order is the order of def.fields among fields in no fieldset.
    const entries = Object.entries(def.fields);
    const first = unique.map((n) => [n, def.fields[n]] as const);
    def.fields = Object.fromEntries([...first, ...entries.filter(([n]) => !unique.includes(n))]);
    return;
  }
  const fs = def.fieldsets.find((f) => f.id === target)!;
  fs.fields = [...unique, ...fs.fields];
}

function applyFieldsetProps(def: TypeDef, id: string, body: Body): void {
  if (id !== 'default') {
    const fs: FieldsetDef = def.fieldsets.find((f) => f.id === id)!;
    // Empty strings leave title and description unchanged, as in plone.restapi.
    if (str(body.title)) fs.title = body.title as string;
    if (str(body.description)) fs.description = body.description as string;
  }
  moveFields(def, id, body.fields);
}

/** PATCH @types/{name}/{fieldset}: title, description, and which type fields it holds (in order). */
export function patchFieldset(def: TypeDef, behaviors: Behaviors, id: string, body: Body): TypeDef {
  if (id !== 'default' && !def.fieldsets.some((f) => f.id === id)) {
    if (effectiveFieldsetIds(def, behaviors).includes(id))
      throw new TypeSchemaError(`Fieldset '${id}' comes from behaviors and cannot be changed here.`);
    throw new TypeSchemaError(`Fieldset '${id}' could not be found.`, 'NotFound');
  }
  const next = structuredClone(def);
  applyFieldsetProps(next, id, body);
  return next;
}

/** PATCH @types/{name}/{x}: a fieldset when the body has `fields`, else a field (plone.restapi's rule). */
export function patchFieldOrFieldset(def: TypeDef, behaviors: Behaviors, name: string, body: Body): TypeDef {
  return 'fields' in body
    ? patchFieldset(def, behaviors, name, body)
    : patchField(def, behaviors, name, body);
}

/**
 * PATCH @types/{name} with {properties, fieldsets}: adds what is missing, then
 * updates. Behavior fields and fieldsets in the body are skipped.
 */
export function patchType(def: TypeDef, behaviors: Behaviors, body: Body, siteUrl = ''): TypeDef {
  let next = def;
  const properties = isPlainObject(body.properties) ? body.properties : {};
  for (const [name, props] of Object.entries(properties)) {
    if (!isPlainObject(props)) throw new TypeSchemaError(`Properties of '${name}' must be an object.`);
    if (!effectiveFields(next, behaviors).has(name))
      next = addField(next, behaviors, { ...props, id: name }, siteUrl).def;
    if (Object.hasOwn(next.fields, name)) next = patchField(next, behaviors, name, props);
  }
  for (const fs of Array.isArray(body.fieldsets) ? body.fieldsets : []) {
    if (!isPlainObject(fs)) throw new TypeSchemaError('Each fieldset must be an object.');
    const id = str(fs.id) || (str(fs.title) ? normalizeFieldId(fs.title as string) : '');
    if (id !== 'default' && !effectiveFieldsetIds(next, behaviors).includes(id))
      next = addFieldset(next, behaviors, { ...fs, id }).def;
    if (id === 'default' || next.fieldsets.some((f) => f.id === id))
      next = patchFieldset(next, behaviors, id, fs);
  }
  return next;
}

/**
 * PUT @types/{name}: makes the type's own fields and fieldsets what the body
 * says (a GET-shaped schema); `layouts` replaces the views when non-empty.
 * Behavior fields in the body are left as they are.
 */
export function putType(def: TypeDef, behaviors: Behaviors, body: Body, siteUrl = ''): TypeDef {
  let next = structuredClone(def);
  if (Array.isArray(body.layouts) && body.layouts.length > 0) next.layouts = body.layouts.map(String);
  const properties = isPlainObject(body.properties) ? body.properties : {};
  const fieldsets = (Array.isArray(body.fieldsets) ? body.fieldsets : []).filter(isPlainObject);
  const required = Array.isArray(body.required) ? body.required : null;

  for (const name of Object.keys(next.fields))
    if (!Object.hasOwn(properties, name)) next = deleteField(next, behaviors, name);
  const keep = new Set(fieldsets.map((f) => str(f.id)));
  // Like plone.restapi, fieldsets that still hold fields are kept.
  next.fieldsets = next.fieldsets.filter((f) => keep.has(f.id) || f.fields.length > 0);

  for (const [name, props] of Object.entries(properties)) {
    if (!isPlainObject(props) || effectiveFields(next, behaviors).has(name)) continue;
    const behavior = str(props.behavior) ?? '';
    if (behavior !== '' && !behavior.startsWith(GENERATED_FIELDSET_BEHAVIOR)) continue;
    const added = addField(
      next,
      behaviors,
      { ...props, id: name, required: required?.includes(name) ?? false },
      siteUrl,
    );
    next = added.def;
  }
  for (const fs of fieldsets) {
    const id = str(fs.id) || (str(fs.title) ? normalizeFieldId(fs.title as string) : '');
    if (id !== 'default' && !effectiveFieldsetIds(next, behaviors).includes(id))
      next = addFieldset(next, behaviors, { ...fs, id }).def;
  }
  for (const [name, props] of Object.entries(properties)) {
    if (!isPlainObject(props) || !Object.hasOwn(next.fields, name)) continue;
    next = patchField(next, behaviors, name, {
      ...props,
      required: required ? required.includes(name) : undefined,
    });
  }
  for (const fs of fieldsets) {
    const id = str(fs.id) ?? '';
    if (id === 'default' || next.fieldsets.some((f) => f.id === id))
      next = patchFieldset(next, behaviors, id, fs);
  }
  return next;
}

/** DELETE @types/{name}/{field}: only the type's own fields. */
export function deleteField(def: TypeDef, behaviors: Behaviors, name: string): TypeDef {
  const owner = fieldOwner(def, behaviors, name);
  if (owner === null) throw new TypeSchemaError(`Field '${name}' could not be found.`, 'NotFound');
  if (owner !== 'type')
    throw new TypeSchemaError(`Field '${name}' comes from the behavior '${owner}' and cannot be deleted.`);
  const next = structuredClone(def);
  delete next.fields[name];
  next.required = next.required.filter((r) => r !== name);
  for (const fs of next.fieldsets) fs.fields = fs.fields.filter((f) => f !== name);
  return next;
}

/** DELETE @types/{name}/{fieldset}: only the type's own fieldsets, and only when empty. */
export function deleteFieldset(def: TypeDef, behaviors: Behaviors, id: string): TypeDef {
  const fs = def.fieldsets.find((f) => f.id === id);
  if (!fs) {
    if (id === 'default' || effectiveFieldsetIds(def, behaviors).includes(id))
      throw new TypeSchemaError(`Fieldset '${id}' comes from behaviors and cannot be deleted.`);
    throw new TypeSchemaError(`Fieldset '${id}' could not be found.`, 'NotFound');
  }
  if (fs.fields.length > 0)
    throw new TypeSchemaError(
      `Fieldset '${id}' still holds fields (${fs.fields.join(', ')}); move or delete them first.`,
    );
  const next = structuredClone(def);
  next.fieldsets = next.fieldsets.filter((f) => f.id !== id);
  return next;
}

/** DELETE @types/{name}/{x}: a field if there is one by that name, else a fieldset. */
export function deleteFieldOrFieldset(def: TypeDef, behaviors: Behaviors, name: string): TypeDef {
  return fieldOwner(def, behaviors, name) !== null
    ? deleteField(def, behaviors, name)
    : deleteFieldset(def, behaviors, name);
}
