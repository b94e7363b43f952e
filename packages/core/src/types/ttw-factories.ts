// What can be added through the web: the "Fields" vocabulary of
// plone.schemaeditor (GET @vocabularies/Fields) and the schema each entry
// creates; plus field/fieldset id rules.

import { normalizeId } from '../content/ids.js';
import { TesseraError } from '../errors.js';
import {
  bool,
  date,
  datetime,
  email,
  float,
  inlineChoice,
  integer,
  jsonField,
  namedFile,
  password,
  relationChoice,
  relationList,
  richText,
  sequence,
  text,
  textLine,
  url,
} from './field-schemas.js';
import type { FieldSchema } from './model.js';

export class TypeSchemaError extends TesseraError {
  constructor(message: string, type: 'BadRequest' | 'NotFound' = 'BadRequest') {
    super(type, message);
    this.name = 'TypeSchemaError';
  }
}

type Template = (id: string, title: string, description: string) => FieldSchema;

const ENTRIES: Array<{ token: string; title: string; make: Template }> = [
  { token: 'label_choice_field', title: 'Choice', make: (id, t, d) => inlineChoice(id, t, d, []) },
  { token: 'label_date_field', title: 'Date', make: (_, t, d) => date(t, d) },
  { token: 'label_datetime_field', title: 'Date/Time', make: (_, t, d) => datetime(t, d) },
  { token: 'Email', title: 'Email', make: (_, t, d) => email(t, d) },
  { token: 'label_email', title: 'Email', make: (_, t, d) => email(t, d) },
  { token: 'File Upload', title: 'File Upload', make: (id, t, d) => namedFile('File', id, t, d) },
  { token: 'label_float_field', title: 'Floating-point number', make: (_, t, d) => float(t, d) },
  { token: 'label_full_name', title: 'Full Name', make: (_, t, d) => textLine(t, d) },
  { token: 'Image', title: 'Image', make: (id, t, d) => namedFile('Image', id, t, d) },
  { token: 'label_integer_field', title: 'Integer', make: (_, t, d) => integer(t, d) },
  { token: 'JSONField', title: 'JSONField', make: (_, t, d) => jsonField(t, d) },
  {
    token: 'label_multi_choice_field',
    title: 'Multiple Choice',
    make: (id, t, d) => sequence('Multiple Choice', t, d, inlineChoice(id, '', '', [])),
  },
  { token: 'label_password_field', title: 'Password', make: (_, t, d) => password(t, d) },
  { token: 'Relation Choice', title: 'Relation Choice', make: (_, t, d) => relationChoice(t, d) },
  { token: 'Relation List', title: 'Relation List', make: (_, t, d) => relationList(t, d) },
  { token: 'Rich Text', title: 'Rich Text', make: (_, t, d) => richText(t, d) },
  { token: 'label_text_field', title: 'Text', make: (_, t, d) => text(t, d) },
  { token: 'label_textline_field', title: 'Text line (String)', make: (_, t, d) => textLine(t, d) },
  { token: 'URL', title: 'URL', make: (_, t, d) => url(t, d) },
  { token: 'label_boolean_field', title: 'Yes/No', make: (_, t, d) => bool(t, d) },
];

// Schema factory names that differ from the vocabulary's, so GET output can be replayed (PUT).
const ALIASES: Record<string, string> = { File: 'File Upload' };

/** The add-field vocabulary as {token, title} terms (GET @vocabularies/Fields). */
export function fieldFactoryTerms(): Array<{ token: string; title: string }> {
  return ENTRIES.map(({ token, title }) => ({ token, title }));
}

/** A new field's schema for a factory given by token or title; throws for unknown factories. */
export function fieldTemplate(factory: unknown, id: string, title: string, description: string): FieldSchema {
  const key = typeof factory === 'string' ? (ALIASES[factory] ?? factory) : '';
  const entry = ENTRIES.find((e) => e.token === key || e.title === key);
  if (!entry) throw new TypeSchemaError(`Missing/Invalid parameter factory: ${String(factory)}`);
  return entry.make(id, title, description);
}

// Keys a GET response has at top level, and attributes every content object
// has: a field by one of these names would clash with them.
const RESERVED = new Set([
  'id',
  'title',
  'description',
  'subject',
  'format',
  'language',
  'rights',
  'portal_type',
  'meta_type',
  'UID',
  'absolute_url',
  'created',
  'modified',
  'parent',
  'items',
  'items_total',
  'layout',
  'review_state',
  'version',
  'lock',
  'is_folderish',
  'type_title',
  'working_copy',
  'working_copy_of',
  'next_item',
  'previous_item',
  'batching',
]);

/** Field or fieldset id from a title, as plone.restapi does: Plone's id normalizer, '-' → '_'. */
export function normalizeFieldId(title: string): string {
  return normalizeId(title).replace(/[^a-z0-9_]/g, '_');
}

/** Why `id` cannot name a new field or fieldset, or null. */
export function invalidFieldIdReason(id: string): string | null {
  // Python identifiers, as plone.schemaeditor requires; this also keeps JSON key order stable.
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(id))
    return `'${id}' is not a valid field name: use letters, digits and '_', not starting with a digit.`;
  if (RESERVED.has(id)) return `'${id}' is a reserved name.`;
  return null;
}
