// Builders for FieldSchema objects in plone.restapi's shape, so behavior data
// and through-the-web field templates stay short and consistent.
import type { FieldSchema, JsonObject } from './model.js';

type Extra = Partial<FieldSchema>;

const base = (
  type: FieldSchema['type'],
  factory: string,
  title: string,
  description: string,
  extra?: Extra,
) => ({ type, title, description, factory, ...extra }) as FieldSchema;

/** Site-relative vocabulary link, made absolute on assembly. */
export const vocab = (name: string) => ({ '@id': `@vocabularies/${name}` });
export const source = (fieldName: string) => ({ '@id': `@sources/${fieldName}` });

export const textLine = (title: string, description = '', extra?: Extra) =>
  base('string', 'Text line (String)', title, description, extra);
export const text = (title: string, description = '', extra?: Extra) =>
  base('string', 'Text', title, description, { widget: 'textarea', ...extra });
export const email = (title: string, description = '', extra?: Extra) =>
  base('string', 'Email', title, description, { widget: 'email', ...extra });
export const url = (title: string, description = '', extra?: Extra) =>
  base('string', 'URL', title, description, { widget: 'url', ...extra });
export const password = (title: string, description = '', extra?: Extra) =>
  base('string', 'Password', title, description, { widget: 'password', ...extra });
export const richText = (title: string, description = '', extra?: Extra) =>
  base('string', 'Rich Text', title, description, { widget: 'richtext', ...extra });
export const bool = (title: string, description = '', extra?: Extra) =>
  base('boolean', 'Yes/No', title, description, extra);
export const integer = (title: string, description = '', extra?: Extra) =>
  base('integer', 'Integer', title, description, extra);
export const float = (title: string, description = '', extra?: Extra) =>
  base('number', 'Floating-point number', title, description, extra);
export const datetime = (title: string, description = '', extra?: Extra) =>
  base('string', 'Date/Time', title, description, { widget: 'datetime', ...extra });
export const date = (title: string, description = '', extra?: Extra) =>
  base('string', 'Date', title, description, { widget: 'date', ...extra });
export const jsonField = (title: string, description = '', extra?: Extra) =>
  base('dict', 'JSONField', title, description, { widget: 'json', ...extra });

/** Choice over a named vocabulary (`@vocabularies/<name>`). */
export const choice = (title: string, description: string, vocabularyName: string, extra?: Extra) =>
  base('string', 'Choice', title, description, { vocabulary: vocab(vocabularyName), ...extra });

/** Choice over an inline vocabulary: plone.restapi lists the terms and links `@sources/<field>`. */
export function inlineChoice(
  fieldName: string,
  title: string,
  description: string,
  terms: Array<[string, string | null]>,
  extra?: Extra,
): FieldSchema {
  return base('string', 'Choice', title, description, {
    choices: terms.map(([t, n]) => [t, n] as [string, string | null]),
    enum: terms.map(([t]) => t),
    enumNames: terms.map(([, n]) => n),
    vocabulary: source(fieldName),
    ...extra,
  });
}

/** Sequence field: Tuple, List, Multiple Choice or Relation List. */
export function sequence(
  factory: 'Tuple' | 'List' | 'Multiple Choice' | 'Relation List',
  title: string,
  description: string,
  items: FieldSchema,
  extra?: Extra,
): FieldSchema {
  // plone.restapi: Tuples and Sets are unique; Lists only when their items are Choices.
  const unique = factory !== 'List' || items.factory === 'Choice' || items.factory === 'Relation Choice';
  return base('array', factory, title, description, {
    additionalItems: true,
    items,
    uniqueItems: unique,
    ...extra,
  });
}

/** Tuple of text lines, with an optional suggestion vocabulary for the widget. */
export const lines = (title: string, description: string, widgetVocabulary?: string, extra?: Extra) =>
  sequence('Tuple', title, description, textLine(''), {
    ...(widgetVocabulary ? { widgetOptions: { vocabulary: vocab(widgetVocabulary) } as JsonObject } : {}),
    ...extra,
  });

export const relationChoice = (title: string, description = '', extra?: Extra) =>
  base('string', 'Relation Choice', title, description, {
    vocabulary: vocab('plone.app.vocabularies.Catalog'),
    ...extra,
  });

export const relationList = (title: string, description = '', extra?: Extra) =>
  sequence('Relation List', title, description, relationChoice(''), { default: [], ...extra });

/** plone.namedfile File/Image field; plone.restapi lists the sub-fields prefixed by the field name. */
export function namedFile(
  kind: 'File' | 'Image',
  fieldName: string,
  title: string,
  description = '',
  extra?: Extra,
): FieldSchema {
  return base('object', kind, title, description, {
    properties: {
      [`${fieldName}.contentType`]: textLine(
        'Content Type',
        'The content type identifies the type of data.',
        {
          default: '',
        },
      ),
      [`${fieldName}.data`]: textLine('Data', 'The actual content of the object.', { default: '' }),
      [`${fieldName}.filename`]: textLine('Filename'),
    },
    ...extra,
  });
}
