// Content types as data: models, field types, default behaviors and types,
// schema assembly for @types, value (de)serialization, and TTW editing.

export { defaultBehaviorNames, defaultBehaviors } from './behaviors.js';
export { checkBehaviorDef, checkTypeDef } from './check.js';
export { type DefaultTypesOptions, defaultTypes } from './default-types.js';
export * from './field-schemas.js';
export * from './fields.js';
export type * from './model.js';
export {
  absolutizeSchema,
  allowedTypeIds,
  assembleSchema,
  type EffectiveField,
  effectiveFields,
  effectiveFieldsetIds,
  fieldInfo,
  fieldsetInfo,
  GENERATED_FIELDSET_BEHAVIOR,
  typeListEntry,
  typeSchemaBehavior,
  typesListing,
} from './schema.js';
export {
  addField,
  addFieldOrFieldset,
  addFieldset,
  deleteField,
  deleteFieldOrFieldset,
  deleteFieldset,
  patchField,
  patchFieldOrFieldset,
  patchFieldset,
  patchType,
  putType,
} from './ttw.js';
export {
  fieldFactoryTerms,
  fieldTemplate,
  invalidFieldIdReason,
  normalizeFieldId,
  TypeSchemaError,
} from './ttw-factories.js';
export * from './ttw-type-settings.js';
export {
  type DeserializedValues,
  type DeserializeOptions,
  deserializeValues,
  initialValues,
  serializeValues,
  type TypeShape,
  typeShape,
  type ValueError,
} from './values.js';
