// What the catalog keeps of one object: the values of its indexes, its full
// text and its metadata (the "brain" a search result is built from without
// loading the object). Computed here, in core, from the stored record; the
// storage writes it in the same transaction as the object itself.
import { sortableDate, windowOf } from '../access/materialize.js';
import { fileFieldNames } from '../content/blobs.js';
import { type TypeInfo, TypeRegistry } from '../content/type-registry.js';
import type { ContentRecord } from '../ports/storage.js';
import { defaultTypes } from '../types/default-types.js';
import { imageCatalogMeta } from './image-scales.js';
import { type SearchableText, searchableText } from './searchable-text.js';
import { sortableTitle } from './sortable-title.js';

/** Plone's DateIndex bounds for "no date": effective = floor, expires = ceiling. */
export const FLOOR_DATE = '1969-12-31T00:00:00.000Z';
export const CEILING_DATE = '2499-12-31T00:00:00.000Z';

export interface CatalogEntry {
  uid: string;
  path: string;
  /** Segments in the path: 0 for the site root. */
  depth: number;
  parentUid: string | null;
  position: number;
  id: string;
  portalType: string;
  reviewState: string | null;
  sortableTitle: string;
  creator: string | null;
  /** Dates as sortable UTC ISO strings. */
  created: string;
  modified: string;
  effective: string;
  expires: string;
  start: string | null;
  end: string | null;
  isFolderish: boolean;
  excludeFromNav: boolean;
  language: string;
  /** Multi-valued (keyword) indexes: index name → values. */
  keywords: Record<string, string[]>;
  text: SearchableText;
  /** Brain: the data fields a search result shows (a subset of the record's data). */
  meta: Record<string, unknown>;
}

/** Indexes whose values are lists (KeywordIndex). */
export const KEYWORD_INDEXES = ['Subject'] as const;

/** Data fields kept as metadata: what summaries and metadata_fields read. */
const META_FIELDS = [
  'title',
  'description',
  'review_state',
  'creators',
  'subjects',
  'effective',
  'expires',
  'exclude_from_nav',
  'language',
  'start',
  'end',
  'location',
  'remoteUrl',
  'whole_day',
  'open_end',
  'head_title',
  'nav_title',
  'image_field',
  'image_scales',
  'getObjSize',
  'mime_type',
] as const;

/** How the catalog learns type facts it cannot read from the record. */
export interface IndexerContext {
  isFolderish(type: string): boolean;
  /** The type's File/Image fields (their text is searchable, images give image_scales). */
  fileFields(type: string): readonly FileFieldFact[];
  /** The type's Relation Choice / Relation List fields (the links table, links/). */
  relationFields?(type: string): readonly string[];
  /** Where absolute links point into the site (links/extract.ts); none: only paths and resolveuid. */
  linkScope?: { mount: string; origins: readonly string[] };
}

export interface FileFieldFact {
  name: string;
  image: boolean;
}

/** A type's file fields, from its TypeInfo (computed once per TypeInfo). */
export function fileFieldFacts(info: TypeInfo | undefined): readonly FileFieldFact[] {
  if (!info) return [];
  let facts = factsOf.get(info);
  if (!facts) {
    facts = fileFieldNames(info).map((name) => ({
      name,
      image: /image/i.test(info.fields.get(name)?.schema.factory ?? ''),
    }));
    factsOf.set(info, facts);
  }
  return facts;
}
const factsOf = new WeakMap<TypeInfo, readonly FileFieldFact[]>();

const stockTypes = new TypeRegistry();
stockTypes.load(defaultTypes().map((def) => ({ name: def.id, def })));

/** Type facts of the stock types: what storage uses until a site sets its own. */
export const defaultIndexerContext: IndexerContext = {
  isFolderish: (type) => stockTypes.get(type)?.def.folderish === true,
  fileFields: (type) => fileFieldFacts(stockTypes.get(type)),
  relationFields: (type) => relationFieldNames(stockTypes.get(type)),
};

const RELATION_FACTORIES = new Set(['Relation Choice', 'Relation List']);

/** A type's relation fields, from its TypeInfo (computed once per TypeInfo). */
export function relationFieldNames(info: TypeInfo | undefined): readonly string[] {
  if (!info) return [];
  let names = relationsOf.get(info);
  if (!names) {
    names = [...info.fields]
      .filter(([, f]) => RELATION_FACTORIES.has(f.schema.factory ?? ''))
      .map(([n]) => n);
    relationsOf.set(info, names);
  }
  return names;
}
const relationsOf = new WeakMap<TypeInfo, readonly string[]>();

const strings = (value: unknown): string[] =>
  Array.isArray(value)
    ? [...new Set(value.filter((v): v is string => typeof v === 'string' && v !== ''))]
    : [];

export function depthOf(path: string): number {
  return path === '' ? 0 : path.split('/').length - 1;
}

export function catalogEntry(rec: ContentRecord, ctx: IndexerContext): CatalogEntry {
  const d = rec.data;
  const window = windowOf(d);
  const meta: Record<string, unknown> = {};
  for (const k of META_FIELDS) if (d[k] !== undefined) meta[k] = d[k];
  Object.assign(meta, imageCatalogMeta(d, ctx.fileFields(rec.type)));
  const creators = strings(d.creators);
  return {
    uid: rec.uid,
    path: rec.path,
    depth: depthOf(rec.path),
    parentUid: rec.parentUid,
    position: rec.position,
    id: rec.id,
    portalType: rec.type,
    reviewState: typeof d.review_state === 'string' ? d.review_state : null,
    sortableTitle: sortableTitle(d.title),
    creator: creators[0] ?? null,
    created: sortableDate(rec.created) ?? FLOOR_DATE,
    modified: sortableDate(rec.modified) ?? FLOOR_DATE,
    effective: window.effective ?? FLOOR_DATE,
    expires: window.expires ?? CEILING_DATE,
    start: sortableDate(d.start),
    end: sortableDate(d.end),
    isFolderish: ctx.isFolderish(rec.type),
    excludeFromNav: d.exclude_from_nav === true,
    language: typeof d.language === 'string' ? d.language : '',
    keywords: { Subject: strings(d.subjects).map((s) => s.slice(0, 255)) },
    text: searchableText(rec.id, d),
    meta,
  };
}
