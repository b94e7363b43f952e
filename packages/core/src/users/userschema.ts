// The member profile schema (@userschema): which properties a user has
// beyond id and login. Stored as data in the settings (key 'userschema') so a
// site can add fields; the stock fields follow plone.app.users.
// https://6.docs.plone.org/plone.restapi/docs/source/endpoints/userschema.html
import { badRequest } from '../errors.js';
import * as f from '../types/field-schemas.js';
import type { FieldSchema, JsonObject } from '../types/model.js';

export interface UserField {
  name: string;
  schema: FieldSchema;
  required: boolean;
  /** Stock fields cannot be removed. */
  builtin?: boolean;
}

/** Factories a site may add to the profile; values are JSON scalars. */
const ADDABLE: Record<string, (title: string, description: string) => FieldSchema> = {
  'Text line (String)': f.textLine,
  Text: f.text,
  Email: f.email,
  URL: f.url,
  'Yes/No': f.bool,
  Integer: f.integer,
  'Floating-point number': f.float,
};

const MAX_TEXT = 10_000;
const MAX_LINE = 1_000;

export function defaultUserFields(): UserField[] {
  const stock: Array<[string, FieldSchema, boolean]> = [
    ['fullname', f.textLine('Full Name', 'Enter full name, for example, John Smith.'), false],
    ['email', f.email('Email', 'We will use this address if you need to recover your password'), true],
    ['home_page', f.url('Home page', 'The URL for your external home page, if you have one.'), false],
    [
      'description',
      f.text(
        'Biography',
        'A short overview of who you are and what you do. Will be displayed on your author page, linked from the items you create.',
      ),
      false,
    ],
    [
      'location',
      f.textLine(
        'Location',
        'Your location - either city and country - or in a company setting, where your office is located.',
      ),
      false,
    ],
    [
      'portrait',
      f.namedFile(
        'Image',
        'portrait',
        'Portrait',
        'To add or change the portrait: click the "Browse" button; select a picture of yourself. Recommended image size is 75 pixels wide by 100 pixels tall.',
      ),
      false,
    ],
  ];
  return stock.map(([name, schema, required]) => ({ name, schema, required, builtin: true }));
}

/** The schema as JSON Schema, the same shape as @types. */
export function userSchemaJson(fields: UserField[]): JsonObject {
  const properties: JsonObject = {};
  for (const field of fields) properties[field.name] = field.schema as unknown as JsonObject;
  return {
    type: 'object',
    properties,
    required: fields.filter((x) => x.required).map((x) => x.name),
    fieldsets: [{ id: 'default', title: 'Default', behavior: 'plone', fields: fields.map((x) => x.name) }],
  };
}

/** The self-registration form's schema (@userschema/registration). */
export function registrationSchemaJson(fields: UserField[]): JsonObject {
  const pick = fields.filter((x) => x.name === 'fullname' || x.name === 'email');
  const extra: UserField[] = [
    {
      name: 'username',
      required: true,
      schema: f.textLine(
        'User Name',
        "Enter a user name, usually something like 'jsmith'. No spaces or special characters. Usernames and passwords are case sensitive, make sure the caps lock key is not enabled. This is the name used to log in.",
      ),
    },
    { name: 'password', required: true, schema: f.password('Password', 'Enter your new password.') },
    {
      name: 'password_ctl',
      required: true,
      schema: f.password('Confirm password', 'Re-enter the password. Make sure the passwords are identical.'),
    },
    {
      name: 'mail_me',
      required: false,
      schema: f.bool('Send a confirmation mail with a link to set the password', '', { default: false }),
    },
  ];
  return userSchemaJson([...pick, ...extra]);
}

/** Why `value` cannot be stored in this profile field, or null. null clears an optional field. */
export function profileValueProblem(field: UserField, value: unknown): string | null {
  if (value === null || value === '') return field.required ? 'Required input is missing.' : null;
  const factory = field.schema.factory;
  switch (factory) {
    case 'Yes/No':
      return typeof value === 'boolean' ? null : 'Object is of wrong type.';
    case 'Integer':
      return Number.isSafeInteger(value) ? null : 'Object is of wrong type.';
    case 'Floating-point number':
      return typeof value === 'number' && Number.isFinite(value) ? null : 'Object is of wrong type.';
    default: {
      if (typeof value !== 'string') return 'Object is of wrong type.';
      const max = factory === 'Text' ? MAX_TEXT : MAX_LINE;
      if (value.length > max) return 'Value is too long';
      if (factory !== 'Text' && /[\r\n]/.test(value)) return 'Constraint not satisfied';
      if (factory === 'Email' && !/^[^\s@]+@[^\s@]+$/.test(value)) return 'Not an email address';
      // Plone stores home pages as typed ("web.mit.edu/x"), but a link that
      // runs script when clicked is refused.
      if (factory === 'URL' && /^\s*[a-z][a-z0-9+.-]*:/i.test(value) && !/^\s*(https?|mailto):/i.test(value))
        return 'The specified URI is not valid.';
      return null;
    }
  }
}

/** A field to add to the profile schema, from a POST @userschema body. */
export function newUserField(body: unknown, existing: UserField[]): UserField {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw badRequest('Send a JSON object.');
  const { id, factory, title, description = '', required = false, ...rest } = body as Record<string, unknown>;
  const unknown = Object.keys(rest);
  if (unknown.length) throw badRequest(`Unknown fields: ${unknown.join(', ')}.`);
  if (typeof id !== 'string' || !/^[a-z][a-z0-9_]{0,63}$/.test(id))
    throw badRequest('"id" must be a lower-case identifier (letters, digits, underscores).');
  if (existing.some((x) => x.name === id) || ['username', 'password', 'roles', 'groups', 'id'].includes(id))
    throw badRequest(`The profile already has a field "${id}".`);
  const make = typeof factory === 'string' ? ADDABLE[factory] : undefined;
  if (!make) throw badRequest(`"factory" must be one of: ${Object.keys(ADDABLE).join(', ')}.`);
  if (typeof title !== 'string' || !title.trim() || title.length > 200)
    throw badRequest('"title" must be a non-empty string.');
  if (typeof description !== 'string' || description.length > 2000)
    throw badRequest('"description" must be a string.');
  if (typeof required !== 'boolean') throw badRequest('"required" must be a boolean.');
  return { name: id, schema: make(title, description), required };
}
