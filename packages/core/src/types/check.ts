// Shape checks for definitions read back from storage (stored as JSON, so
// a hand-edited row should fail loudly here rather than deep in assembly).
import type { BehaviorDef, TypeDef } from './model.js';
import { TypeSchemaError } from './ttw-factories.js';

const isObj = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');

function fieldsetsProblem(v: unknown): string | null {
  if (!Array.isArray(v)) return 'fieldsets must be an array';
  for (const fs of v) {
    if (!isObj(fs) || typeof fs.id !== 'string' || typeof fs.title !== 'string' || !isStrings(fs.fields))
      return 'each fieldset needs a string id and title and a list of field names';
  }
  return null;
}

function fieldsProblem(v: unknown): string | null {
  if (!isObj(v)) return 'fields must be an object';
  for (const [name, schema] of Object.entries(v)) {
    if (!isObj(schema) || typeof schema.type !== 'string' || typeof schema.title !== 'string')
      return `field '${name}' needs a JSON type and a title`;
  }
  return null;
}

/** Returns `value` typed as a TypeDef, or throws TypeSchemaError saying what is wrong. */
export function checkTypeDef(value: unknown): TypeDef {
  const fail = (why: string): never => {
    throw new TypeSchemaError(`Invalid type definition: ${why}.`);
  };
  if (!isObj(value)) return fail('not an object');
  const id = typeof value.id === 'string' && value.id ? value.id : fail('id must be a non-empty string');
  const problem =
    (typeof value.title !== 'string' && 'title must be a string') ||
    (typeof value.folderish !== 'boolean' && 'folderish must be a boolean') ||
    (typeof value.globalAllow !== 'boolean' && 'globalAllow must be a boolean') ||
    (value.allowedContentTypes !== null &&
      !isStrings(value.allowedContentTypes) &&
      'allowedContentTypes must be null or a list of type ids') ||
    (!isStrings(value.behaviors) && 'behaviors must be a list of names') ||
    fieldsProblem(value.fields) ||
    fieldsetsProblem(value.fieldsets) ||
    (!isStrings(value.required) && 'required must be a list of field names') ||
    (!isStrings(value.layouts) && 'layouts must be a list of view names') ||
    (typeof value.defaultView !== 'string' && 'defaultView must be a string');
  if (problem) fail(`${id}: ${problem}`);
  return value as unknown as TypeDef;
}

/** Returns `value` typed as a BehaviorDef, or throws TypeSchemaError. */
export function checkBehaviorDef(value: unknown): BehaviorDef {
  const fail = (why: string): never => {
    throw new TypeSchemaError(`Invalid behavior definition: ${why}.`);
  };
  if (!isObj(value)) return fail('not an object');
  const name =
    typeof value.name === 'string' && value.name ? value.name : fail('name must be a non-empty string');
  const problem = fieldsProblem(value.fields) || fieldsetsProblem(value.fieldsets);
  if (problem) fail(`${name}: ${problem}`);
  return value as unknown as BehaviorDef;
}
