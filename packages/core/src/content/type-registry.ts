// The types a site has, loaded from storage (types are data), with what each
// request needs precomputed: effective fields, required fields, initial values.

import { can } from '../access/checker.js';
import type { FieldError } from '../errors.js';
import type { ContentRecord } from '../ports/storage.js';
import type { Principal } from '../security.js';
import { clone } from '../types/field-type.js';
import {
  type BehaviorDef,
  defaultBehaviors,
  deserializeValues,
  type EffectiveField,
  initialValues,
  type JsonValue,
  serializeValue,
  type TypeDef,
  type TypeShape,
  typeListEntry,
  typeShape,
} from '../types/index.js';
import { vocabularyHas, vocabularyTerm } from '../vocabularies/index.js';

export interface ContentDeserializeOptions {
  /** 'create' checks required fields; 'update' only what is sent. */
  mode: 'create' | 'update';
  current?: Record<string, unknown>;
  /** UID of the object a relation reference names (links/resolve.ts); without it only UIDs pass, unchecked. */
  resolveRelation?: (ref: string) => string | null;
}

/** Keys that name fields but are handled outside field values (`id` means a rename). */
const SYSTEM_FIELDS = new Set(['id']);

const deserializeContext = { vocabularyHas };
const termOrNull = (vocab: string, token: string) => vocabularyTerm(vocab, token) ?? null;

export class TypeInfo {
  readonly fields: Map<string, EffectiveField>;
  private readonly shape: TypeShape;
  /** The fields a GET shows ('id' is the object's id, set apart). */
  private readonly shown: Array<[string, EffectiveField]>;
  readonly lockable: boolean;
  private readonly initial: Record<string, JsonValue>;
  private readonly transientInitial: Record<string, JsonValue> = {};

  constructor(
    readonly def: TypeDef,
    private readonly behaviors: Map<string, BehaviorDef>,
  ) {
    this.shape = typeShape(def, behaviors);
    this.fields = this.shape.fields;
    this.shown = [...this.fields].filter(([name]) => !SYSTEM_FIELDS.has(name));
    this.initial = initialValues(def, behaviors);
    for (const name of def.behaviors) {
      const b = behaviors.get(name);
      for (const t of b?.transient ?? [])
        if (b?.initial && t in b.initial) this.transientInitial[t] = b.initial[t];
    }
    this.lockable = def.behaviors.includes('plone.locking');
  }

  initialData(): Record<string, unknown> {
    return clone(this.initial);
  }

  /** Wire input → stored values, with every field error collected (unknown keys too). */
  deserialize(input: Record<string, unknown>, opts: ContentDeserializeOptions) {
    const errors: FieldError[] = [];
    for (const key of Object.keys(input)) {
      if (!this.fields.has(key) || SYSTEM_FIELDS.has(key))
        errors.push({ field: key, message: `Unknown field for type ${this.def.id}.` });
    }
    const result = deserializeValues(this.def, this.behaviors, input, {
      create: opts.mode === 'create',
      current: opts.current as Record<string, JsonValue> | undefined,
      context: opts.resolveRelation
        ? { ...deserializeContext, resolveRelation: opts.resolveRelation }
        : deserializeContext,
      shape: this.shape,
    });
    for (const e of result.errors) errors.push({ field: e.field ?? '', message: e.message });
    return { values: result.values as Record<string, unknown>, errors };
  }

  /** Stored values → the GET form of every field. */
  serializeFields(
    rec: ContentRecord,
    ctx: {
      siteUrl: string;
      url: string;
      isRoot: boolean;
      /** Summaries of relation targets the reader may see (others are left out). */
      relationSummary?: (uid: string) => JsonValue | null;
    },
  ) {
    const out: Record<string, unknown> = {};
    for (const [name, field] of this.shown) {
      const stored = Object.hasOwn(this.transientInitial, name)
        ? this.transientInitial[name]
        : rec.data[name];
      out[name] = serializeValue(field.schema, stored as JsonValue | undefined, {
        contentUrl: ctx.url,
        fieldName: name,
        vocabularyTerm: termOrNull,
        relationSummary: ctx.relationSummary,
      });
    }
    return out;
  }
}

export class TypeRegistry {
  private types = new Map<string, TypeInfo>();
  readonly behaviors: Map<string, BehaviorDef> = defaultBehaviors();

  load(rows: Array<{ name: string; def: unknown }>) {
    const next = new Map<string, TypeInfo>();
    for (const row of rows) next.set(row.name, new TypeInfo(row.def as TypeDef, this.behaviors));
    this.types = next;
  }

  get(name: string): TypeInfo | undefined {
    return this.types.get(name);
  }

  all(): TypeInfo[] {
    return [...this.types.values()];
  }

  /** The @types listing for a context: every type, `addable` where it may be added here. */
  listFor(context: ContentRecord, siteUrl: string, principal: Principal) {
    const here = this.types.get(context.type);
    const canAdd = can(principal, 'Add portal content', context) && here?.def.folderish === true;
    return this.all()
      .filter((t) => t.def.addable !== false)
      .sort((a, b) => a.def.title.localeCompare(b.def.title))
      .map((t) => {
        const allowed = here?.def.allowedContentTypes;
        const addable = canAdd && (allowed == null ? t.def.globalAllow : allowed.includes(t.def.id));
        return typeListEntry(t.def, siteUrl, addable);
      });
  }
}
