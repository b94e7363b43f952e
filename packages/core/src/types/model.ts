// Content types as data. A type definition is a plain JSON object (stored in a
// database table, edited through the web); its JSON schema for `@types/{name}`
// is assembled from the type's own fields plus the fields of its behaviors.

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** `{"@id": …}` link to a vocabulary or source, stored site-relative ("@vocabularies/x"). */
export interface VocabularyRef {
  '@id': string;
}

/**
 * One field, exactly as plone.restapi emits it under `properties`, minus the
 * `behavior` key (added on assembly). Vocabulary `@id`s are site-relative.
 */
export interface FieldSchema {
  type: 'string' | 'boolean' | 'integer' | 'number' | 'array' | 'object' | 'dict';
  title: string;
  description: string;
  /** plone.restapi's factory name: "Text line (String)", "Rich Text", "Choice", … */
  factory?: string;
  widget?: string;
  default?: JsonValue;
  vocabulary?: VocabularyRef;
  querysource?: VocabularyRef;
  /** Value type of Tuple/List/Relation List/Multiple Choice. */
  items?: FieldSchema;
  additionalItems?: boolean;
  uniqueItems?: boolean;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  minimum?: number | string;
  maximum?: number | string;
  /** Inline vocabulary: [token, title] pairs, mirrored by enum/enumNames. */
  choices?: Array<[string, string | null]>;
  enum?: string[];
  enumNames?: Array<string | null>;
  widgetOptions?: JsonObject;
  readonly?: boolean;
  mode?: 'hidden' | 'display' | 'input';
  /** Sub-fields of File/Image, keyed "<field>.data" etc. */
  properties?: Record<string, FieldSchema>;
  [key: string]: unknown;
}

export interface FieldsetDef {
  id: string;
  title: string;
  description?: string | null;
  fields: string[];
}

/**
 * Cross-field rule checked on write: value of `first` must not be later than
 * `second` (dates), unless the boolean field `unless` is true.
 */
export interface OrderedInvariant {
  kind: 'ordered';
  first: string;
  second: string;
  unless?: string;
  message: string;
}

export interface BehaviorDef {
  name: string;
  /** Shown in the dexterity-types control panel. */
  title?: string;
  description?: string;
  /** What `properties[x].behavior` says when it is not `name` (plone.allowdiscussion). */
  emitAs?: string;
  fields: Record<string, FieldSchema>;
  /** Where each field goes; fields not listed (or listed under 'default') are in the main fieldset. */
  fieldsets: FieldsetDef[];
  required?: string[];
  /** plone.autoform's order_before/order_after('*'): pin fields to the start or end of their fieldset. */
  placement?: Record<string, 'first' | 'last'>;
  /** Values a new object starts with (Plone's content classes set these, e.g. description ""). */
  initial?: Record<string, JsonValue>;
  /** Accepted on write but never stored (changeNote goes to the version history). */
  transient?: string[];
  invariants?: OrderedInvariant[];
}

export interface TypeDef {
  id: string;
  title: string;
  description: string;
  folderish: boolean;
  globalAllow: boolean;
  /** null = every globally allowed type; [] = none. */
  allowedContentTypes: string[] | null;
  behaviors: string[];
  /** The type's own model fields (behavior 'plone.dexterity.schema.generated.plone_0_<Type>'). */
  fields: Record<string, FieldSchema>;
  /** The type's own fieldsets; type fields not listed in one are in 'default'. */
  fieldsets: FieldsetDef[];
  /** Required type fields (behavior fields declare their own). */
  required: string[];
  layouts: string[];
  defaultView: string;
  /** false: never offered for adding and not listed by @types (Plone Site). */
  addable?: boolean;
  /** The FTI's allow_discussion: items of this type take comments unless their own flag says otherwise. */
  allowDiscussion?: boolean;
}
