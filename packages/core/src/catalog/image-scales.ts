// The catalog metadata Volto builds listing and teaser images from, without
// loading the object: `image_field` (the lead image's field) and
// `image_scales` (every image field's files, with site-relative URLs that
// Volto appends to the item's @id). Shapes as plone.namedfile's indexers.
import { imagePlan, type ScaleInfo } from '../images/scales.js';
import type { StoredFile } from '../types/fields-file.js';
import type { FileFieldFact } from './entry.js';

export interface ImageMetadata {
  /** '' when the object has no lead image. */
  image_field: string;
  /** null when no image field holds an image (Plone's "missing value"). */
  image_scales: Record<string, unknown[]> | null;
}

const LEAD_FIELDS = ['preview_image', 'image'];

const isImage = (v: unknown): v is StoredFile =>
  typeof v === 'object' && v !== null && typeof (v as StoredFile)['content-type'] === 'string';

const relative = (s: ScaleInfo) => ({
  download: `@@images/${s.file}`,
  height: s.height,
  width: s.width,
});

export function imageMetadata(
  data: Record<string, unknown>,
  fields: readonly FileFieldFact[],
): ImageMetadata {
  const images = fields.filter((f) => f.image && isImage(data[f.name]));
  const lead = LEAD_FIELDS.find((name) => images.some((f) => f.name === name)) ?? '';
  const scales: Record<string, unknown[]> = {};
  for (const { name } of images) {
    const value = data[name] as StoredFile;
    const plan = imagePlan(value, name);
    if (!plan) continue;
    // Scales that would not be smaller than the original are left out: the
    // original itself is listed (Volto adds it to the srcset).
    const smaller: Record<string, unknown> = {};
    for (const [scale, info] of Object.entries(plan.scales))
      if (info.file !== plan.original.file || plan.svg) smaller[scale] = relative(info);
    scales[name] = [
      {
        'content-type': value['content-type'],
        download: `@@images/${plan.original.file}`,
        filename: value.filename,
        height: plan.original.height,
        scales: smaller,
        size: value.size,
        width: plan.original.width,
      },
    ];
  }
  return { image_field: lead, image_scales: Object.keys(scales).length ? scales : null };
}

/** What the catalog keeps: nothing for objects without images (summaries fill in '' and null). */
export function imageCatalogMeta(
  data: Record<string, unknown>,
  fields: readonly FileFieldFact[],
): Partial<ImageMetadata> {
  if (!fields.some((f) => f.image)) return {};
  const meta = imageMetadata(data, fields);
  return meta.image_scales ? meta : {};
}
