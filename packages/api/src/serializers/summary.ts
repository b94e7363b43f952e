// The summary of an object used in listings (`items`), `parent` and search
// results, with plone.restapi's optional `metadata_fields`.
import { type ContentRecord, fileFieldFacts, imageMetadata } from '@tessera/core';
import type { Site } from '../site.js';
import type { SiteUrls } from '../traversal.js';

const DEFAULT_KEYS = ['@id', '@type', 'description', 'review_state', 'title', 'type_title'] as const;

/** Catalog metadata columns Plone offers, computed from the record. */
const METADATA: Record<string, (rec: ContentRecord, site: Site) => unknown> = {
  UID: (r) => r.uid,
  id: (r) => r.id,
  getId: (r) => r.id,
  portal_type: (r) => r.type,
  Type: (r, s) => s.types.get(r.type)?.def.title ?? r.type,
  Title: (r) => r.data.title ?? '',
  Description: (r) => r.data.description ?? '',
  Creator: (r) => (r.data.creators as string[] | undefined)?.[0] ?? '',
  listCreators: (r) => r.data.creators ?? [],
  Subject: (r) => r.data.subjects ?? [],
  created: (r) => r.created,
  CreationDate: (r) => r.created,
  modified: (r) => r.modified,
  ModificationDate: (r) => r.modified,
  effective: (r) => r.data.effective ?? null,
  EffectiveDate: (r) => r.data.effective ?? 'None',
  expires: (r) => r.data.expires ?? null,
  ExpirationDate: (r) => r.data.expires ?? 'None',
  review_state: (r) => r.data.review_state ?? null,
  is_folderish: (r, s) => s.types.get(r.type)?.def.folderish ?? false,
  exclude_from_nav: (r) => r.data.exclude_from_nav ?? false,
  getObjSize: () => '0 KB',
  language: (r) => r.data.language ?? '',
  start: (r) => r.data.start ?? null,
  end: (r) => r.data.end ?? null,
  location: (r) => r.data.location ?? null,
  getRemoteUrl: (r) => r.data.remoteUrl ?? null,
  // Brains carry these (catalog/image-scales.ts) when the object has an image.
  image_field: (r, s) => r.data.image_field ?? imagesOf(r, s).image_field,
  image_scales: (r, s) => r.data.image_scales ?? imagesOf(r, s).image_scales,
};

function imagesOf(rec: ContentRecord, site: Site) {
  return imageMetadata(rec.data, fileFieldFacts(site.types.get(rec.type)));
}

export function metadataFieldsFrom(query: Record<string, unknown>): string[] {
  const v = query.metadata_fields;
  if (v === undefined) return [];
  const list = Array.isArray(v) ? v : [v];
  if (list.includes('_all')) return Object.keys(METADATA);
  return list.filter((k): k is string => typeof k === 'string' && k in METADATA);
}

export function summarize(
  rec: ContentRecord,
  site: Site,
  urls: SiteUrls,
  metadataFields: string[] = [],
  /** From a catalog brain: the site root is catalogued too (review_state null). */
  fromCatalog = false,
): Record<string, unknown> {
  const info = site.types.get(rec.type);
  const out: Record<string, unknown> = {
    '@id': urls.url(rec.path),
    '@type': rec.type,
    description: (rec.data.description as string) ?? '',
    review_state: (rec.data.review_state as string | undefined) ?? null,
    title: (rec.data.title as string) ?? '',
    type_title: info?.def.title ?? rec.type,
  };
  // Listings show the root without review_state; the catalog has it (null).
  if (rec.parentUid === null && !fromCatalog) delete out.review_state;
  for (const key of metadataFields) out[key] = METADATA[key](rec, site);
  return out;
}

export { DEFAULT_KEYS as SUMMARY_KEYS };
