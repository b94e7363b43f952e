// Helpers shared by the panel definitions.
import type { JsonValue } from '../../types/model.js';
import type { Constraint } from '../model.js';

/** zope.schema's ASCIILine: plone.restapi describes it as a text line; only ASCII is accepted. */
export const asciiOnly: Constraint = (value: JsonValue) =>
  typeof value === 'string' && [...value].some((c) => c.charCodeAt(0) > 0x7f)
    ? 'Only ASCII characters are allowed.'
    : null;

// The shape core's Email field checks: a local part, '@', a dotted domain.
const EMAIL = /^[a-zA-Z0-9!#$%&'*+/=?^_`{|}~.-]+@([a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?\.)+[a-zA-Z]{2,}$/;

/** An e-mail address (Plone only asks for ASCII here; a sender needs a real address). */
export const emailAddress: Constraint = (value: JsonValue) =>
  asciiOnly(value) ??
  (typeof value === 'string' && value !== '' && !EMAIL.test(value) ? 'Not an email address' : null);
