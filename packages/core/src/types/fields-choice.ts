// Choice, sequences (Tuple, List, Multiple Choice) and relations. Choices are
// stored as their token; relations as the target's UID.
import {
  clone,
  type DeserializeContext,
  defineFieldType,
  type FieldType,
  FieldValueError,
  fail,
  isPlainObject,
  MSG,
  type SerializeContext,
  vocabularyName,
} from './field-type.js';
import type { FieldSchema, JsonValue } from './model.js';

function choiceToken(schema: FieldSchema, value: unknown, ctx?: DeserializeContext): string {
  // plone.restapi also takes the {token, title} objects it hands out.
  let v = isPlainObject(value) && 'token' in value ? value.token : value;
  const tokens = schema.enum ?? schema.choices?.map(([t]) => t);
  // Boolean vocabularies (allow_discussion) have tokens "True"/"False".
  if (typeof v === 'boolean') v = v ? 'True' : 'False';
  if (typeof v === 'number') v = String(v);
  if (typeof v !== 'string') return fail(MSG.wrongType);
  // "" is the missing value of Plone's choices (language); zope skips validating it.
  if (v === '') return v;
  if (tokens) {
    if (!tokens.includes(v)) fail(MSG.constraint);
    return v;
  }
  const name = vocabularyName(schema);
  if (name && ctx?.vocabularyHas?.(name, v) === false) fail(MSG.constraint);
  return v;
}

/** {token, title} for a stored token, or the raw value when no vocabulary knows it. */
function choiceTerm(schema: FieldSchema, token: JsonValue, ctx?: SerializeContext): JsonValue | undefined {
  if (typeof token !== 'string') return undefined;
  const tokens = schema.enum ?? schema.choices?.map(([t]) => t);
  if (tokens) {
    const i = tokens.indexOf(token);
    if (i === -1) return undefined;
    const title = schema.enumNames?.[i] ?? schema.choices?.[i]?.[1] ?? null;
    return { title, token };
  }
  const name = vocabularyName(schema);
  const term = name && ctx?.vocabularyTerm ? ctx.vocabularyTerm(name, token) : null;
  return term ? { title: term.title, token: term.token } : undefined;
}

export const choiceType = defineFieldType({
  factory: 'Choice',
  parse: choiceToken,
  output: (schema, stored, ctx) => choiceTerm(schema, stored, ctx) ?? stored,
});

// A UID, a site path ("/folder/doc"), an absolute URL, or {UID} / {"@id"}.
function relationUid(value: unknown, ctx?: DeserializeContext): string {
  let ref: unknown = value;
  if (isPlainObject(value)) ref = value.UID ?? value['@id'];
  if (typeof ref !== 'string' || ref === '') return fail(MSG.wrongType);
  const kind = ref.startsWith('/') ? 'path' : /^[a-z][a-z0-9+.-]*:\/\//i.test(ref) ? 'URL' : 'UID';
  if (ctx?.resolveRelation) {
    const uid = ctx.resolveRelation(ref);
    if (!uid) fail(`Could not resolve object for ${kind}=${ref}`);
    return uid;
  }
  if (kind !== 'UID') fail(`Could not resolve object for ${kind}=${ref}`);
  return ref;
}

function relationOut(uid: JsonValue, ctx?: SerializeContext): JsonValue | undefined {
  if (typeof uid !== 'string') return undefined;
  if (!ctx?.relationSummary) return uid;
  return ctx.relationSummary(uid) ?? undefined;
}

export const relationChoiceType = defineFieldType({
  factory: 'Relation Choice',
  parse: (_schema, value, ctx) => relationUid(value, ctx),
  output: (_schema, stored, ctx) => relationOut(stored, ctx) ?? null,
});

/** Sequence types; `lookup` finds the item type (kept as a parameter to avoid an import cycle). */
export function makeSequenceTypes(lookup: (schema: FieldSchema) => FieldType): FieldType[] {
  const make = (factory: string, setSemantics: boolean) =>
    defineFieldType({
      factory,
      parse(schema, value, ctx) {
        // plone.restapi wraps a single value in a list.
        const list = Array.isArray(value) ? value : [value];
        const itemSchema = schema.items;
        const out: JsonValue[] = [];
        for (const item of list) {
          let stored: JsonValue;
          try {
            stored = itemSchema ? lookup(itemSchema).deserialize(itemSchema, item, ctx) : (item as JsonValue);
          } catch (e) {
            if (e instanceof FieldValueError) fail(`Wrong contained type: ${e.message}`);
            throw e;
          }
          if (stored === null && item !== null) fail(MSG.wrongType);
          const seen = out.some((o) => JSON.stringify(o) === JSON.stringify(stored));
          if (seen && setSemantics) continue;
          if (seen && schema.uniqueItems) fail(MSG.notUnique);
          out.push(stored);
        }
        if (schema.minItems !== undefined && out.length < schema.minItems) fail(MSG.tooShort);
        if (schema.maxItems !== undefined && schema.maxItems > 0 && out.length > schema.maxItems)
          fail(MSG.tooLong);
        return out;
      },
      output(schema, stored, ctx) {
        if (!Array.isArray(stored)) return [];
        const items = schema.items;
        if (items?.factory === 'Relation Choice') {
          return stored.map((uid) => relationOut(uid, ctx)).filter((v): v is JsonValue => v !== undefined);
        }
        if (items?.factory === 'Choice' && (items.enum || items.choices || vocabularyName(items))) {
          // Like plone.restapi: terms for known tokens; unknown ones are dropped when a
          // vocabulary could be consulted, kept raw when none could.
          const canLookUp = Boolean(items.enum || items.choices || ctx?.vocabularyTerm);
          const out: JsonValue[] = [];
          for (const token of stored) {
            const term = choiceTerm(items, token, ctx);
            if (term !== undefined) out.push(term);
            else if (!canLookUp) out.push(token);
          }
          return out;
        }
        return clone(stored);
      },
      empty: () => [],
    });
  return [
    make('Tuple', false),
    make('List', false),
    make('Multiple Choice', true),
    make('Relation List', false),
    make('Collection', false),
  ];
}
