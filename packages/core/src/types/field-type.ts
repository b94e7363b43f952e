// The contract every field type implements, and the helpers they share.
// Messages are zope.schema's, which is what plone.restapi returns in its
// 400 responses.
import type { FieldSchema, JsonValue } from './model.js';

export class FieldValueError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FieldValueError';
  }
}

export const MSG = {
  wrongType: 'Object is of wrong type.',
  constraint: 'Constraint not satisfied',
  tooLong: 'Value is too long',
  tooShort: 'Value is too short',
  tooBig: 'Value is too big',
  tooSmall: 'Value is too small',
  notUnique: 'One or more entries of sequence are not unique.',
  notEmail: 'Not an email address',
  invalidUri: 'The specified URI is not valid.',
} as const;

export function fail(message: string): never {
  throw new FieldValueError(message);
}

/** What deserializing may need from outside (the database, vocabularies). */
export interface DeserializeContext {
  /** The value stored now: File/Image keep their data when only metadata is sent. */
  current?: JsonValue;
  /** UID of the object a UID, site path ("/a/b") or absolute URL points to; null if none. */
  resolveRelation?(ref: string): string | null;
  /** Whether a named vocabulary has `token`; undefined means "cannot tell" (no check). */
  vocabularyHas?(vocabulary: string, token: string): boolean | undefined;
}

/** What serializing may need: where the object lives, vocabularies, relation targets. */
export interface SerializeContext {
  /** Absolute URL of the object the value belongs to. */
  contentUrl: string;
  fieldName: string;
  /** Term of a named vocabulary, or null when the token is not in it. */
  vocabularyTerm?(vocabulary: string, token: string): { token: string; title: string | null } | null;
  /** Summary (`@id`, `@type`, title…) of a relation target, or null when it is gone. */
  relationSummary?(uid: string): JsonValue | null;
}

export interface FieldType {
  readonly factory: string;
  /** Why `value` (wire form) is not acceptable, or null. */
  validate(schema: FieldSchema, value: unknown, ctx?: DeserializeContext): string | null;
  /** Wire JSON to stored JSON; throws FieldValueError. null stays null (missing value). */
  deserialize(schema: FieldSchema, value: unknown, ctx?: DeserializeContext): JsonValue;
  /** Stored JSON to the GET form; undefined (never set) serializes the schema default. */
  serialize(schema: FieldSchema, stored: JsonValue | undefined, ctx?: SerializeContext): JsonValue;
}

export interface FieldTypeImpl {
  factory: string;
  /** Non-null wire value to stored value; call fail() when invalid. */
  parse(schema: FieldSchema, value: unknown, ctx?: DeserializeContext): JsonValue;
  /** Non-null stored value to the GET form; identity when omitted. */
  output?(schema: FieldSchema, stored: JsonValue, ctx?: SerializeContext): JsonValue;
  /** GET form of a value that is null or was never set; default: the schema default or null. */
  empty?(schema: FieldSchema, ctx?: SerializeContext): JsonValue;
}

export function defineFieldType(impl: FieldTypeImpl): FieldType {
  const deserialize = (schema: FieldSchema, value: unknown, ctx?: DeserializeContext): JsonValue =>
    value === null || value === undefined ? null : impl.parse(schema, value, ctx);
  return {
    factory: impl.factory,
    deserialize,
    validate(schema, value, ctx) {
      try {
        deserialize(schema, value, ctx);
        return null;
      } catch (e) {
        if (e instanceof FieldValueError) return e.message;
        throw e;
      }
    },
    serialize(schema, stored, ctx) {
      let value = stored;
      if (value === undefined && schema.default !== undefined) value = schema.default;
      if (value === undefined || value === null) return impl.empty ? impl.empty(schema, ctx) : null;
      return impl.output ? impl.output(schema, value, ctx) : clone(value);
    },
  };
}

/**
 * A deep copy of a JSON value. Strings, numbers, booleans and null are
 * immutable and returned as they are; arrays and plain objects are copied
 * (for the small values fields hold, much cheaper than structuredClone).
 */
export function clone<T extends JsonValue>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => clone(v)) as T;
  const out: Record<string, JsonValue> = {};
  for (const k of Object.keys(value)) {
    const v = clone((value as Record<string, JsonValue>)[k]);
    // An own "__proto__" key (JSON.parse makes one) must stay a plain property.
    if (k === '__proto__')
      Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
    else out[k] = v;
  }
  return out as T;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Checks that `value` is JSON (no undefined, functions, NaN, class instances). */
export function isJson(value: unknown): value is JsonValue {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every(isJson);
  if (isPlainObject(value)) {
    const proto = Object.getPrototypeOf(value);
    return (proto === Object.prototype || proto === null) && Object.values(value).every(isJson);
  }
  return false;
}

export function checkLength(schema: FieldSchema, length: number): void {
  if (schema.minLength !== undefined && length < schema.minLength) fail(MSG.tooShort);
  if (schema.maxLength !== undefined && schema.maxLength > 0 && length > schema.maxLength) fail(MSG.tooLong);
}

export function checkRange(schema: FieldSchema, value: number | string): void {
  if (schema.minimum !== undefined && schema.minimum !== null && value < schema.minimum) fail(MSG.tooSmall);
  if (schema.maximum !== undefined && schema.maximum !== null && value > schema.maximum) fail(MSG.tooBig);
}

/** Name of the named vocabulary a schema links to ("plone.app.vocabularies.Keywords"), if any. */
export function vocabularyName(schema: FieldSchema): string | undefined {
  const id = schema.vocabulary?.['@id'];
  if (typeof id !== 'string') return undefined;
  const at = id.lastIndexOf('@vocabularies/');
  return at === -1 ? undefined : id.slice(at + '@vocabularies/'.length);
}
