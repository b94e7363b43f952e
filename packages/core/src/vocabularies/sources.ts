// A field's source, for @sources/<field> and @querysources/<field>: the
// inline terms of a Choice (`choices`), or the named vocabulary its
// `vocabulary` / `querysource` link names. Collection fields (Multiple
// Choice, List of Choice) answer with their value type's source, which is
// what their schema's `items.vocabulary` points clients at.
// https://6.docs.plone.org/plone.restapi/docs/source/endpoints/vocabularies.html#get-a-source
import { vocabularyName } from '../types/field-type.js';
import type { FieldSchema } from '../types/model.js';
import type { Term, Vocabulary } from './model.js';
import { findVocabulary } from './registry.js';

export type FieldSource =
  | { kind: 'inline'; terms: Term[] }
  | { kind: 'vocabulary'; vocabulary: Vocabulary }
  /** Links a vocabulary this backend does not have (plone.app.vocabularies.Catalog). */
  | { kind: 'unknown'; name: string };

function linked(schema: FieldSchema): string | undefined {
  const q = schema.querysource?.['@id'];
  if (typeof q === 'string' && q.includes('@vocabularies/'))
    return q.slice(q.lastIndexOf('@vocabularies/') + '@vocabularies/'.length);
  return vocabularyName(schema);
}

/** The source of a field's schema, or undefined when it has none (a TextLine). */
export function fieldSource(schema: FieldSchema): FieldSource | undefined {
  if (Array.isArray(schema.choices))
    return {
      kind: 'inline',
      terms: schema.choices.map(([token, title]) => ({ token, title: title ?? token })),
    };
  if (Array.isArray(schema.enum))
    return {
      kind: 'inline',
      terms: schema.enum.map((token, i) => ({ token, title: schema.enumNames?.[i] ?? token })),
    };
  const name = linked(schema);
  if (name) {
    const vocabulary = findVocabulary(name);
    return vocabulary ? { kind: 'vocabulary', vocabulary } : { kind: 'unknown', name };
  }
  if (schema.items) return fieldSource(schema.items);
  return undefined;
}
