// Helpers shared by the panel definitions.
import type { JsonValue } from '../../types/model.js';
import type { Constraint } from '../model.js';

/** zope.schema's ASCIILine: plone.restapi describes it as a text line; only ASCII is accepted. */
export const asciiOnly: Constraint = (value: JsonValue) =>
  typeof value === 'string' && [...value].some((c) => c.charCodeAt(0) > 0x7f)
    ? 'Only ASCII characters are allowed.'
    : null;
