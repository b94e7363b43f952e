// The condition and action types a rule can hold (plone.app.contentrules'
// elements): their form schema, their one-line summary, and the validation of
// what a client sends for them. Execution lives in the API package
// (api/src/content-rules/), conditions are evaluated in conditions.ts.
import { badRequest } from '../errors.js';
import { f, type JsonSchema } from './schema.js';

export type ElementKind = 'condition' | 'action';

export interface ElementDef {
  /** Plone's add view name, also the element's type: 'plone.conditions.PortalType'. */
  type: string;
  kind: ElementKind;
  title: string;
  description: string;
  /** Fields in form order. */
  fields: Record<string, JsonSchema>;
  required: string[];
  /** Fields holding a folder (stored by UID, shown as a site path). */
  folderFields?: string[];
  /** One line describing the configured element; `v` has folders as paths. */
  summary(v: Record<string, unknown>): string;
}

const list = (v: unknown) => (Array.isArray(v) ? v.join(', ') : String(v ?? ''));
const str = (v: unknown) => String(v ?? '');

const USER_FRIENDLY_TYPES = '@vocabularies/plone.app.vocabularies.ReallyUserFriendlyTypes';

export const ELEMENTS: readonly ElementDef[] = [
  {
    type: 'plone.conditions.PortalType',
    kind: 'condition',
    title: 'Content type',
    description: 'Apply only when the current content object is of a particular type',
    fields: { check_types: f.multi('Content type', 'The content type to check for.', USER_FRIENDLY_TYPES) },
    required: ['check_types'],
    summary: (v) => `Content types are: ${list(v.check_types)}`,
  },
  {
    type: 'plone.conditions.FileExtension',
    kind: 'condition',
    title: 'File Extension',
    description: 'Apply only to a particular file extension',
    fields: { file_extension: f.line('File extension', 'The file extension to check for') },
    required: ['file_extension'],
    summary: (v) => `File extension is ${str(v.file_extension)}`,
  },
  {
    type: 'plone.conditions.WorkflowState',
    kind: 'condition',
    title: 'Workflow state',
    description: 'Apply only to a objects in a particular workflow state',
    fields: {
      wf_states: f.multi(
        'Workflow state',
        'The workflow states to check for.',
        '@vocabularies/plone.app.vocabularies.WorkflowStates',
      ),
    },
    required: ['wf_states'],
    summary: (v) => `Workflow states are: ${list(v.wf_states)}`,
  },
  {
    type: 'plone.conditions.Group',
    kind: 'condition',
    title: "User's group",
    description: 'Apply only when the current user is in the given group',
    fields: {
      group_names: f.multi(
        'Group name',
        'The name of the group.',
        '@vocabularies/plone.app.vocabularies.Groups',
      ),
    },
    required: ['group_names'],
    summary: (v) => `Groups are: ${list(v.group_names)}`,
  },
  {
    type: 'plone.conditions.Role',
    kind: 'condition',
    title: "User's role",
    description: 'Apply only when the current user has the given role',
    fields: {
      role_names: f.multi('Roles', 'The roles to check for.', '@vocabularies/plone.app.vocabularies.Roles'),
    },
    required: ['role_names'],
    summary: (v) => `Roles are: ${list(v.role_names)}`,
  },
  {
    type: 'plone.conditions.TalesExpression',
    kind: 'condition',
    title: 'TALES expression',
    description: 'Apply only when the result of a TALES expression is True',
    fields: { tales_expression: f.line('TALES expression', 'The TALES expression to check.') },
    required: ['tales_expression'],
    summary: (v) => `TALES expression is: ${str(v.tales_expression)}`,
  },
  {
    type: 'plone.actions.Logger',
    kind: 'action',
    title: 'Logger',
    description: 'Log a particular event',
    fields: {
      targetLogger: f.line('Logger name', '', { default: 'Plone' }),
      loggingLevel: f.integer('Logging level', '', { default: 20 }),
      message: f.line('Message', '&e = the triggering event, &c = the context, &u = the user', {
        default: 'Caught &e at &c by &u',
      }),
    },
    required: ['targetLogger', 'loggingLevel', 'message'],
    summary: (v) => `Log message ${str(v.message)}`,
  },
  {
    type: 'plone.actions.Notify',
    kind: 'action',
    title: 'Notify user',
    description: 'Return a portal message to the user',
    fields: {
      message: f.line('Message', 'The message to send to the user.'),
      message_type: f.choice(
        'Message type',
        'Select the type of message to display.',
        '@sources/message_type',
        {
          choices: [
            ['info', null],
            ['warning', null],
            ['error', null],
          ],
          default: 'info',
          enum: ['info', 'warning', 'error'],
          enumNames: [null, null, null],
        },
      ),
    },
    required: ['message', 'message_type'],
    summary: (v) => `Notify with message ${str(v.message)}`,
  },
  {
    type: 'plone.actions.Copy',
    kind: 'action',
    title: 'Copy to folder',
    description: 'Copy the triggering item to a specific folder',
    fields: {
      target_folder: f.choice(
        'Target folder',
        'As a path relative to the portal root.',
        '@sources/target_folder',
      ),
    },
    required: ['target_folder'],
    folderFields: ['target_folder'],
    summary: (v) => `Copy to folder ${str(v.target_folder)}.`,
  },
  {
    type: 'plone.actions.Move',
    kind: 'action',
    title: 'Move to folder',
    description: 'Move the triggering item to a specific folder',
    fields: {
      target_folder: f.choice(
        'Target folder',
        'As a path relative to the portal root.',
        '@sources/target_folder',
      ),
    },
    required: ['target_folder'],
    folderFields: ['target_folder'],
    summary: (v) => `Move to folder ${str(v.target_folder)}`,
  },
  {
    type: 'plone.actions.Delete',
    kind: 'action',
    title: 'Delete object',
    description: 'Delete the triggering item',
    fields: {},
    required: [],
    summary: () => 'Delete object',
  },
  {
    type: 'plone.actions.Workflow',
    kind: 'action',
    title: 'Transition workflow state',
    description: 'Perform a workflow transition on the triggering object',
    fields: {
      transition: f.choice(
        'Transition',
        'Select the workflow transition to attempt',
        '@vocabularies/plone.app.vocabularies.WorkflowTransitions',
      ),
    },
    required: ['transition'],
    summary: (v) => `Execute transition ${str(v.transition)}`,
  },
  {
    type: 'plone.actions.Mail',
    kind: 'action',
    title: 'Send email',
    description: 'Send an email on the triggering object',
    fields: {
      subject: f.line('Subject', 'Subject of the message'),
      source: f.line(
        'Email source',
        'The email address that sends the email. If no email is provided here, it will use the portal from address.',
      ),
      recipients: f.line(
        'Email recipients',
        'The email where you want to send this message. To send it to different email addresses, just separate them with ,',
      ),
      exclude_actor: f.boolean(
        'Exclude actor from recipients',
        'Do not send the email to the user that did the action.',
      ),
      message: f.textarea('Message', 'The message that you want to mail.'),
    },
    required: ['subject', 'recipients', 'message'],
    summary: (v) => `Email report to ${str(v.recipients)}`,
  },
  {
    type: 'plone.actions.Versioning',
    kind: 'action',
    title: 'Version object',
    description: 'Store a new version of the object',
    fields: { comment: f.line('Comment', 'The comment added to the history while versioning the content.') },
    required: [],
    summary: (v) => `Versioning with comment ${str(v.comment)}`,
  },
];

const BY_TYPE = new Map(ELEMENTS.map((e) => [e.type, e]));

export function elementDef(type: string): ElementDef | undefined {
  return BY_TYPE.get(type);
}

export function elementsOf(kind: ElementKind): ElementDef[] {
  return ELEMENTS.filter((e) => e.kind === kind);
}

/** The form schema of an element, vocabulary ids still site-relative. */
export function elementSchema(def: ElementDef) {
  const names = Object.keys(def.fields);
  return {
    fieldsets: names.length ? [{ behavior: 'plone', fields: names, id: 'default', title: 'Default' }] : [],
    properties: { ...def.fields },
    required: [...def.required],
    type: 'object',
  };
}

const MAX_LINE = 1000;
const MAX_TEXT = 20_000;
const MAX_ITEMS = 200;

/**
 * Checks what a client sent for an element's fields and returns the values
 * to store: every field of `body` must be one of the element's, of its type;
 * `partial` (PATCH) keeps `current` for fields not sent. Folder fields come
 * back as sent (the caller resolves them to UIDs).
 */
export function elementValues(
  def: ElementDef,
  body: Record<string, unknown>,
  current: Record<string, unknown> | undefined,
): Record<string, unknown> {
  const values: Record<string, unknown> = { ...(current ?? {}) };
  const errors: Array<{ field: string; message: string }> = [];
  for (const [name, value] of Object.entries(body)) {
    const schema = def.fields[name];
    if (!schema) {
      errors.push({ field: name, message: `Unknown field for ${def.type}.` });
      continue;
    }
    const problem = fieldProblem(schema, value);
    if (problem) errors.push({ field: name, message: problem });
    else values[name] = value;
  }
  for (const name of def.required) {
    const v = values[name];
    if (v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0))
      errors.push({ field: name, message: 'Required input is missing.' });
  }
  if (errors.length)
    throw badRequest(
      `Invalid ${def.kind}: ${errors.map((e) => `${e.field}: ${e.message}`).join('; ')}`,
      errors,
    );
  return values;
}

function fieldProblem(schema: JsonSchema, value: unknown): string | undefined {
  switch (schema.type) {
    case 'integer':
      return Number.isInteger(value) ? undefined : 'Expected an integer.';
    case 'boolean':
      return typeof value === 'boolean' ? undefined : 'Expected true or false.';
    case 'array':
      if (!Array.isArray(value) || value.some((x) => typeof x !== 'string' || x.length > MAX_LINE))
        return 'Expected a list of strings.';
      return value.length > MAX_ITEMS ? `At most ${MAX_ITEMS} values.` : undefined;
    default: {
      if (typeof value !== 'string') return 'Expected a string.';
      const max = schema.widget === 'textarea' ? MAX_TEXT : MAX_LINE;
      if (value.length > max) return `At most ${max} characters.`;
      const allowed = schema.enum as string[] | undefined;
      if (allowed && !allowed.includes(value)) return `Expected one of ${allowed.join(', ')}.`;
      return undefined;
    }
  }
}
