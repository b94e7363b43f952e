// Whole-object value handling for a type: the values a new object starts
// with, turning a POST/PATCH body into stored values (with plone.restapi's
// error entries), and the field part of a GET response.
//
// Left to the content layer: `id` (plone.shortname) means a rename, and GET's
// `allow_discussion` is computed (plone.restapi reports whether discussion is
// enabled, as a boolean), so both should be overridden there.
import type { DeserializeContext, SerializeContext } from './field-type.js';
import { FieldValueError } from './field-type.js';
import { deserializeValue, parseDateTime, serializeValue } from './fields.js';
import type { BehaviorDef, JsonObject, JsonValue, OrderedInvariant, TypeDef } from './model.js';
import { type EffectiveField, effectiveFields } from './schema.js';

/** One entry of a 400 response's error list, as plone.restapi writes it. */
export interface ValueError {
  error: 'ValidationError';
  field?: string;
  message: string;
}

export interface DeserializedValues {
  /** Values to store, only for fields present in the body. */
  values: Record<string, JsonValue>;
  /** Accepted but not stored (changeNote: the version history comment). */
  transient: Record<string, JsonValue>;
  errors: ValueError[];
}

// Plone's content class gives every object these, whichever behavior or model provides the field.
const CONTENT_CLASS_DEFAULTS: Record<string, JsonValue> = { description: '', rights: '', language: '' };

/**
 * What value handling derives from a type definition and the behaviors: the
 * effective fields in form order, the transient ones, the behaviors in use.
 * The free functions below compute it per call; a loaded type (TypeInfo)
 * computes it once and passes it in (`shape`), since its definition does not
 * change — an edited type is a new definition and a new TypeInfo.
 */
export interface TypeShape {
  fields: Map<string, EffectiveField>;
  transient: Set<string>;
  behaviors: BehaviorDef[];
}

export function typeShape(def: TypeDef, behaviors: Map<string, BehaviorDef>): TypeShape {
  return {
    fields: effectiveFields(def, behaviors),
    transient: transientFields(def, behaviors),
    behaviors: includedBehaviors(def, behaviors),
  };
}

function includedBehaviors(def: TypeDef, behaviors: Map<string, BehaviorDef>): BehaviorDef[] {
  return def.behaviors.map((n) => behaviors.get(n)).filter((b): b is BehaviorDef => b !== undefined);
}

function transientFields(def: TypeDef, behaviors: Map<string, BehaviorDef>): Set<string> {
  return new Set(includedBehaviors(def, behaviors).flatMap((b) => b.transient ?? []));
}

/** Values a new object of this type starts with (before the POST body is applied). */
export function initialValues(def: TypeDef, behaviors: Map<string, BehaviorDef>): Record<string, JsonValue> {
  const fields = effectiveFields(def, behaviors);
  const transient = transientFields(def, behaviors);
  const out: Record<string, JsonValue> = {};
  for (const [name, value] of Object.entries(CONTENT_CLASS_DEFAULTS)) if (fields.has(name)) out[name] = value;
  for (const b of includedBehaviors(def, behaviors)) {
    for (const [name, value] of Object.entries(b.initial ?? {})) {
      if (fields.get(name)?.source === b.name && !transient.has(name)) out[name] = structuredClone(value);
    }
  }
  return out;
}

const isEmpty = (v: unknown) => v === undefined || v === null || v === '';

function err(message: string, field?: string): ValueError {
  return field === undefined
    ? { error: 'ValidationError', message }
    : { error: 'ValidationError', field, message };
}

export interface DeserializeOptions {
  /** Creating: required fields missing from the body (and from `current`) are errors. */
  create?: boolean;
  /** The object's stored values (for PATCH, and File/Image metadata-only updates). */
  current?: Record<string, JsonValue>;
  context?: Omit<DeserializeContext, 'current'>;
  /** typeShape(def, behaviors), when the caller keeps it. */
  shape?: TypeShape;
}

/**
 * Reads the fields of a POST/PATCH body. Keys that are not fields of the type
 * (`@type`, `layout`, …) are ignored here.
 */
export function deserializeValues(
  def: TypeDef,
  behaviors: Map<string, BehaviorDef>,
  data: Record<string, unknown>,
  opts: DeserializeOptions = {},
): DeserializedValues {
  const { fields, transient, behaviors: included } = opts.shape ?? typeShape(def, behaviors);
  const result: DeserializedValues = { values: {}, transient: {}, errors: [] };
  const current = opts.current ?? {};

  for (const [name, f] of fields) {
    if (f.schema.readonly) continue;
    if (Object.hasOwn(data, name)) {
      let raw = data[name];
      // Forms send "" for a cleared field; for dates and non-text fields that means "no value".
      if (raw === '' && (f.schema.type !== 'string' || /^Date/.test(f.schema.factory ?? ''))) raw = null;
      if (raw === null || (raw === '' && f.required)) {
        if (f.required) {
          result.errors.push(
            err(
              raw === null
                ? `${name} is a required field. Setting it to null is not allowed.`
                : 'Required input is missing.',
              name,
            ),
          );
        } else {
          result.values[name] = null;
        }
        continue;
      }
      try {
        const value = deserializeValue(f.schema, raw, { ...opts.context, current: current[name] });
        (transient.has(name) ? result.transient : result.values)[name] = value;
      } catch (e) {
        if (!(e instanceof FieldValueError)) throw e;
        result.errors.push(err(e.message, name));
      }
    } else if (opts.create && f.required && isEmpty(current[name]) && f.schema.default === undefined) {
      result.errors.push(err('Required input is missing.', name));
    }
  }

  if (result.errors.length === 0) {
    const merged = { ...current, ...result.values };
    for (const b of included) {
      for (const inv of b.invariants ?? []) {
        const message = checkInvariant(inv, merged);
        if (message) result.errors.push(err(message));
      }
    }
  }
  return result;
}

function checkInvariant(inv: OrderedInvariant, values: Record<string, JsonValue>): string | null {
  const a = values[inv.first];
  const b = values[inv.second];
  if (typeof a !== 'string' || typeof b !== 'string') return null;
  if (inv.unless && values[inv.unless] === true) return null;
  const ta = parseDateTime(a);
  const tb = parseDateTime(b);
  return ta !== null && tb !== null && ta > tb ? inv.message : null;
}

/**
 * The field part of a GET response: every field of the type, serialized.
 * Fields never set show their default (or the form plone.restapi gives unset values).
 */
export function serializeValues(
  def: TypeDef,
  behaviors: Map<string, BehaviorDef>,
  stored: Record<string, JsonValue>,
  ctx: Omit<SerializeContext, 'fieldName'>,
): JsonObject {
  const fields: Map<string, EffectiveField> = effectiveFields(def, behaviors);
  const transient = transientFields(def, behaviors);
  const initial = transient.size ? initialTransient(def, behaviors) : {};
  const out: JsonObject = {};
  for (const [name, f] of fields) {
    const value = transient.has(name) ? initial[name] : stored[name];
    out[name] = serializeValue(f.schema, value, { ...ctx, fieldName: name });
  }
  return out;
}

function initialTransient(def: TypeDef, behaviors: Map<string, BehaviorDef>): Record<string, JsonValue> {
  const out: Record<string, JsonValue> = {};
  for (const b of includedBehaviors(def, behaviors)) {
    for (const name of b.transient ?? []) if (b.initial && name in b.initial) out[name] = b.initial[name];
  }
  return out;
}
