// Text, number, boolean and JSON field types.
import {
  checkLength,
  checkRange,
  clone,
  defineFieldType,
  type FieldType,
  fail,
  isJson,
  isPlainObject,
  MSG,
} from './field-type.js';
import type { FieldSchema } from './model.js';

function str(schema: FieldSchema, value: unknown): string {
  if (typeof value !== 'string') fail(MSG.wrongType);
  checkLength(schema, value.length);
  return value;
}

/** Single-line text: zope's TextLine refuses line breaks. */
function line(schema: FieldSchema, value: unknown): string {
  const s = str(schema, value);
  if (/[\r\n]/.test(s)) fail(MSG.constraint);
  return s;
}

// Close to zope.schema's Email check: a local part, '@', a dotted domain.
const EMAIL = /^[a-zA-Z0-9!#$%&'*+/=?^_`{|}~.-]+@([a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?\.)+[a-zA-Z]{2,}$/;
// zope.schema's URI: a scheme, ':', no white space.
const URI = /^[a-zA-Z][a-zA-Z0-9+.-]*:\S*$/;

export const textLineType = defineFieldType({ factory: 'Text line (String)', parse: line });
export const textType = defineFieldType({ factory: 'Text', parse: str });
export const passwordType = defineFieldType({ factory: 'Password', parse: line });

export const emailType = defineFieldType({
  factory: 'Email',
  parse(schema, value) {
    const s = line(schema, value);
    if (s !== '' && !EMAIL.test(s)) fail(MSG.notEmail);
    return s;
  },
});

export const urlType = defineFieldType({
  factory: 'URL',
  parse(schema, value) {
    const s = line(schema, value);
    if (s !== '' && !URI.test(s)) fail(MSG.invalidUri);
    return s;
  },
});

export const boolType = defineFieldType({
  factory: 'Yes/No',
  parse(_schema, value) {
    if (typeof value === 'boolean') return value;
    // Form-style strings, as zope's Bool.fromUnicode reads them.
    if (value === 'True' || value === 'true' || value === 'on') return true;
    if (value === 'False' || value === 'false' || value === 'off') return false;
    return fail(MSG.wrongType);
  },
});

function numeric(schema: FieldSchema, value: unknown, integer: boolean): number {
  let n: number;
  if (typeof value === 'number') n = value;
  else if (
    typeof value === 'string' &&
    (integer ? /^\s*[+-]?\d+\s*$/ : /^\s*[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?\s*$/i).test(value)
  )
    n = Number(value);
  else return fail(MSG.wrongType);
  if (!Number.isFinite(n) || (integer && !Number.isSafeInteger(n))) fail(MSG.wrongType);
  checkRange(schema, n);
  return n;
}

export const integerType = defineFieldType({
  factory: 'Integer',
  parse: (schema, value) => numeric(schema, value, true),
});

export const floatType = defineFieldType({
  factory: 'Floating-point number',
  parse: (schema, value) => numeric(schema, value, false),
});

// Any JSON (Volto's blocks and blocks_layout). The expected shape is not part
// of plone.restapi's schema output, so it is taken from the default: an object
// default means the value must be an object, an array default an array.
export const jsonFieldType = defineFieldType({
  factory: 'JSONField',
  parse(schema, value) {
    if (!isJson(value)) fail(MSG.wrongType);
    if (isPlainObject(schema.default) && !isPlainObject(value)) fail(MSG.wrongType);
    if (Array.isArray(schema.default) && !Array.isArray(value)) fail(MSG.wrongType);
    return clone(value);
  },
});

/** Fallback for unknown factories, by the schema's JSON type. */
export function genericType(schema: FieldSchema): FieldType {
  switch (schema.type) {
    case 'string':
      return textType;
    case 'boolean':
      return boolType;
    case 'integer':
      return integerType;
    case 'number':
      return floatType;
    case 'array':
      return anyArrayType;
    default:
      return anyObjectType;
  }
}

const anyArrayType = defineFieldType({
  factory: 'List',
  parse(_schema, value) {
    if (!Array.isArray(value) || !isJson(value)) fail(MSG.wrongType);
    return clone(value);
  },
  empty: () => [],
});

const anyObjectType = defineFieldType({
  factory: 'Dict',
  parse(_schema, value) {
    if (!isPlainObject(value) || !isJson(value)) fail(MSG.wrongType);
    return clone(value);
  },
});
