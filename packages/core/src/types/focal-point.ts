// An image's focal point: `focal_point: [x, y]` in the Image value, each a
// fraction (0 = left/top, 1 = right/bottom). plone.restapi has no standard
// for this (Volto's cropping PLIP is open), so Tessera accepts this optional
// key, validates it, keeps it with the value and returns it on GET. No stock
// scale crops (all fit inside their box), so it does not change scale bytes;
// clients may use it (CSS object-position). docs/decisions/0017-image-scales.md.
import { fail, isPlainObject } from './field-type.js';
import type { StoredFile } from './fields-file.js';

const FRACTION = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= 1;

/** `stored` with the focal point `input` sends: kept when absent, removed by null, else validated. */
export function withFocalPoint(stored: StoredFile, input: unknown): StoredFile {
  if (!isPlainObject(input) || !('focal_point' in input)) return stored;
  const fp = input.focal_point;
  if (fp === null || fp === undefined) {
    delete stored.focal_point;
    return stored;
  }
  if (!Array.isArray(fp) || fp.length !== 2 || !FRACTION(fp[0]) || !FRACTION(fp[1]))
    return fail('focal_point must be [x, y] with numbers between 0 and 1.');
  stored.focal_point = [fp[0], fp[1]];
  return stored;
}
