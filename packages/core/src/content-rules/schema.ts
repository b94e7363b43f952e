// The JSON schemas of condition and action forms, as plone.restapi renders
// the zope.schema fields of plone.app.contentrules' element forms.

export type JsonSchema = Record<string, unknown>;

const text = (title: string, description: string, extra: JsonSchema = {}): JsonSchema => ({
  description,
  factory: 'Text line (String)',
  title,
  type: 'string',
  ...extra,
});

export const f = {
  line: text,
  textarea: (title: string, description: string): JsonSchema => ({
    description,
    factory: 'Text',
    title,
    type: 'string',
    widget: 'textarea',
  }),
  integer: (title: string, description: string, extra: JsonSchema = {}): JsonSchema => ({
    description,
    factory: 'Integer',
    title,
    type: 'integer',
    ...extra,
  }),
  boolean: (title: string, description: string): JsonSchema => ({
    description,
    factory: 'Yes/No',
    title,
    type: 'boolean',
  }),
  /** A choice from a named vocabulary (site-relative '@vocabularies/…' or '@sources/…'). */
  choice: (title: string, description: string, vocabulary: string, extra: JsonSchema = {}): JsonSchema => ({
    description,
    factory: 'Choice',
    title,
    type: 'string',
    vocabulary: { '@id': vocabulary },
    ...extra,
  }),
  multi: (title: string, description: string, vocabulary: string): JsonSchema => ({
    additionalItems: true,
    description,
    factory: 'Multiple Choice',
    items: {
      description: '',
      factory: 'Choice',
      title: '',
      type: 'string',
      vocabulary: { '@id': vocabulary },
    },
    title,
    type: 'array',
    uniqueItems: true,
  }),
};
