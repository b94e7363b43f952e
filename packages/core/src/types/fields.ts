// The field types, one per plone.restapi factory name, and lookup by schema.
// Unknown factories fall back to a generic type chosen by the JSON type.
import type { DeserializeContext, FieldType, SerializeContext } from './field-type.js';
import { choiceType, makeSequenceTypes, relationChoiceType } from './fields-choice.js';
import { fileType, imageType } from './fields-file.js';
import { richTextType } from './fields-richtext.js';
import {
  boolType,
  emailType,
  floatType,
  genericType,
  integerType,
  jsonFieldType,
  passwordType,
  textLineType,
  textType,
  urlType,
} from './fields-scalar.js';
import { dateTimeType, dateType } from './fields-time.js';
import type { FieldSchema, JsonValue } from './model.js';

export type { DeserializeContext, FieldType, SerializeContext } from './field-type.js';
export { FieldValueError } from './field-type.js';
export { StagedBlob, type StoredFile, safeFilename } from './fields-file.js';
export type { StoredRichText } from './fields-richtext.js';
export { richTextOutput } from './fields-richtext.js';
export { formatUtc, parseDateTime } from './fields-time.js';
export { fitInto, imageSize, PLONE_IMAGE_SCALES } from './image-size.js';

const registry = new Map<string, FieldType>();

for (const t of [
  textLineType,
  textType,
  emailType,
  urlType,
  passwordType,
  richTextType,
  boolType,
  integerType,
  floatType,
  dateTimeType,
  dateType,
  choiceType,
  relationChoiceType,
  fileType,
  imageType,
  jsonFieldType,
  ...makeSequenceTypes(fieldTypeFor),
]) {
  registry.set(t.factory, t);
}
// The add-field vocabulary calls File "File Upload"; the schema then says "File".
registry.set('File Upload', fileType);

/** The field type for a schema: by factory, else by JSON type. */
export function fieldTypeFor(schema: FieldSchema): FieldType {
  return (schema.factory && registry.get(schema.factory)) || genericType(schema);
}

/** Every registered factory name. */
export function fieldFactories(): string[] {
  return [...registry.keys()];
}

export function validateValue(schema: FieldSchema, value: unknown, ctx?: DeserializeContext): string | null {
  return fieldTypeFor(schema).validate(schema, value, ctx);
}

export function deserializeValue(schema: FieldSchema, value: unknown, ctx?: DeserializeContext): JsonValue {
  return fieldTypeFor(schema).deserialize(schema, value, ctx);
}

export function serializeValue(
  schema: FieldSchema,
  stored: JsonValue | undefined,
  ctx?: SerializeContext,
): JsonValue {
  return fieldTypeFor(schema).serialize(schema, stored, ctx);
}
