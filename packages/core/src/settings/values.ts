// Reading and validating setting values. Stored values are kept in the
// 'registry' site setting by record name; a record never written reads as its
// default. Writes are validated in full before anything is stored.
import type { FieldError } from '../errors.js';
import { type DeserializeContext, FieldValueError, MSG } from '../types/field-type.js';
import { deserializeValue } from '../types/fields.js';
import type { JsonValue } from '../types/model.js';
import type { RegistryRecord } from './model.js';
import { registryRecord } from './records.js';

/** The value of a record: the stored one, else its default, else null. */
export function recordValue(stored: Readonly<Record<string, unknown>>, record: RegistryRecord): JsonValue {
  const v = Object.hasOwn(stored, record.name)
    ? stored[record.name]
    : record.initial !== undefined
      ? record.initial
      : record.schema.default;
  return v === undefined ? null : structuredClone(v as JsonValue);
}

/** A setting by record name: the record's value, or a stored value no record defines (undefined if none). */
export function settingValue(stored: Readonly<Record<string, unknown>>, name: string): JsonValue | undefined {
  const record = registryRecord(name);
  if (record) return recordValue(stored, record);
  return Object.hasOwn(stored, name) ? structuredClone(stored[name] as JsonValue) : undefined;
}

const JSON_TYPE: Partial<Record<string, (v: unknown) => boolean>> = {
  boolean: (v) => typeof v === 'boolean',
  integer: (v) => typeof v === 'number',
  number: (v) => typeof v === 'number',
  array: (v) => Array.isArray(v),
};

/**
 * One value for a record, in stored form; throws FieldValueError. Stricter
 * than content fields: a boolean must be a boolean, a number a number, a
 * sequence an array (no single-value wrapping), as plone.registry insists.
 */
export function parseRecordValue(
  record: RegistryRecord,
  value: unknown,
  ctx?: DeserializeContext,
): JsonValue {
  // A cleared choice arrives as "" from forms: no value.
  if (value === '' && record.schema.factory === 'Choice') value = null;
  if (value === null || value === undefined) {
    if (record.required) throw new FieldValueError('Required input is missing.');
    return null;
  }
  const typeOk = JSON_TYPE[record.schema.type];
  if (typeOk && !typeOk(value)) throw new FieldValueError(MSG.wrongType);
  const parsed = deserializeValue(record.schema, value, ctx);
  const refused = record.constraint?.(parsed);
  if (refused) throw new FieldValueError(refused);
  return parsed;
}

export interface SettingsChange {
  /** The key as the client sent it (a record name, or a panel's field name). */
  key: string;
  record: RegistryRecord;
  value: unknown;
}

/** Validates every change; returns the stored values by record name, or every error. */
export function parseSettings(
  changes: SettingsChange[],
  ctx?: DeserializeContext,
): { values: Record<string, JsonValue>; errors: FieldError[] } {
  const values: Record<string, JsonValue> = {};
  const errors: FieldError[] = [];
  for (const { key, record, value } of changes) {
    try {
      values[record.name] = parseRecordValue(record, value, ctx);
    } catch (e) {
      if (!(e instanceof FieldValueError)) throw e;
      errors.push({ field: key, message: e.message });
    }
  }
  return { values, errors };
}
