// A type's own settings as the dexterity-types control panel edits them
// (POST/PATCH @controlpanels/dexterity-types[/<type>]): title, description,
// which types may be added inside, and which behaviors are on. Pure
// functions over TypeDef, like ttw.ts; bad input throws TypeSchemaError (400).
import { isPlainObject } from './field-type.js';
import type { BehaviorDef, TypeDef } from './model.js';
import { TypeSchemaError } from './ttw-factories.js';

/** plone.app.dexterity's choice for "what may be added inside". */
export type ContainedTypesFilter = 'none' | 'all' | 'some';

/** The behaviors a type made through the web starts with (as plone.app.dexterity's add form). */
export const NEW_TYPE_BEHAVIORS = ['plone.dublincore', 'plone.namefromtitle'];

/** Type ids end up in a varchar(100) column and in URLs. */
const MAX_TYPE_ID = 100;

/** A type id from a title: lower case ASCII letters, digits and underscores. */
export function typeIdFromTitle(title: string): string {
  return title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, MAX_TYPE_ID);
}

export function invalidTypeIdReason(id: string): string | undefined {
  if (id.length === 0) return 'The type id must not be empty.';
  if (id.length > MAX_TYPE_ID) return `The type id must be at most ${MAX_TYPE_ID} characters.`;
  // Spaces are fine (Plone's own "News Item"); path and service syntax is not.
  if (/[/\\?#%@+]|^\s|\s$|^\.+$/.test(id)) return `'${id}' is not a valid type id.`;
  return undefined;
}

/**
 * A new folderish type that holds nothing yet (plone.app.dexterity's add
 * form: a Container whose contained types are filtered, with Dublin Core
 * and name-from-title), addable anywhere.
 */
export function newTypeDef(opts: { id: string; title: string; description: string }): TypeDef {
  return {
    id: opts.id,
    title: opts.title,
    description: opts.description,
    folderish: true,
    globalAllow: true,
    allowedContentTypes: [],
    behaviors: [...NEW_TYPE_BEHAVIORS],
    fields: {},
    fieldsets: [],
    required: [],
    layouts: ['view'],
    defaultView: 'view',
  };
}

/** null allowed types = every globally addable type; [] = none. */
export function containedTypesFilter(def: TypeDef): ContainedTypesFilter {
  if (def.allowedContentTypes === null) return 'all';
  return def.allowedContentTypes.length === 0 ? 'none' : 'some';
}

const SETTINGS = new Set([
  'title',
  'description',
  'allowed_content_types',
  'filter_content_types',
  'global_allow',
]);

function readFilter(v: unknown): ContainedTypesFilter {
  // Plone's data carries the FTI's boolean; its form sends the choice's token.
  if (v === true) return 'some';
  if (v === false) return 'all';
  if (v === 'none' || v === 'all' || v === 'some') return v;
  throw new TypeSchemaError("filter_content_types must be 'none', 'all' or 'some'.");
}

/**
 * PATCH @controlpanels/dexterity-types/<type>: the settings named in the body
 * plus `<behavior name>: true|false`. Unknown keys are refused, naming them.
 */
export function applyTypeSettings(
  def: TypeDef,
  behaviors: Map<string, BehaviorDef>,
  body: unknown,
  knownTypes: Set<string>,
): TypeDef {
  if (!isPlainObject(body)) throw new TypeSchemaError('The body must be a JSON object.');
  const next = structuredClone(def);
  const unknown = Object.keys(body).filter((k) => !SETTINGS.has(k) && !behaviors.has(k));
  if (unknown.length)
    throw new TypeSchemaError(`Unknown settings for a content type: ${unknown.join(', ')}.`);

  if (body.title !== undefined) {
    if (typeof body.title !== 'string' || body.title.trim() === '')
      throw new TypeSchemaError('The title must be a non-empty string.');
    next.title = body.title;
  }
  if (body.description !== undefined) {
    if (typeof body.description !== 'string' && body.description !== null)
      throw new TypeSchemaError('The description must be a string.');
    next.description = body.description ?? '';
  }
  if (body.global_allow !== undefined) {
    if (typeof body.global_allow !== 'boolean')
      throw new TypeSchemaError('global_allow must be true or false.');
    next.globalAllow = body.global_allow;
  }

  let allowed = def.allowedContentTypes ?? [];
  let filter = containedTypesFilter(def);
  if (body.allowed_content_types !== undefined) {
    // Type ids, or vocabulary terms ({token, title}) as some widgets send them.
    const raw = body.allowed_content_types;
    const v = Array.isArray(raw) ? raw.map((t) => (isPlainObject(t) ? t.token : t)) : raw;
    if (v !== null && (!Array.isArray(v) || v.some((t) => typeof t !== 'string')))
      throw new TypeSchemaError('allowed_content_types must be a list of type ids.');
    const list = [...new Set((v ?? []) as string[])];
    const missing = list.filter((t) => !knownTypes.has(t));
    if (missing.length) throw new TypeSchemaError(`Unknown content types: ${missing.join(', ')}.`);
    allowed = list;
    // As in plone.app.dexterity: naming types turns the filter on.
    if (list.length) filter = 'some';
  }
  if (body.filter_content_types !== undefined) filter = readFilter(body.filter_content_types);
  next.allowedContentTypes = filter === 'all' ? null : filter === 'none' ? [] : allowed;

  for (const [name, on] of Object.entries(body)) {
    if (!behaviors.has(name)) continue;
    if (typeof on !== 'boolean') throw new TypeSchemaError(`'${name}' must be true or false.`);
    const has = next.behaviors.includes(name);
    if (on && !has) next.behaviors.push(name);
    if (!on && has) next.behaviors = next.behaviors.filter((b) => b !== name);
  }
  return next;
}
