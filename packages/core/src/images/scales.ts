// Which scales an image has and what they are called, computed from the
// stored value alone (no pixels read): the serializer, the catalog and the
// @@images service all agree on names, sizes and URLs without generating
// anything. See docs/decisions/0017-image-scales.md.
import { createHash } from 'node:crypto';
import type { StoredFile } from '../types/fields-file.js';
import { fitInto, PLONE_IMAGE_SCALES, type Size } from '../types/image-size.js';

export type { Size };

/** Output formats a scale can be written in (the URL's extension). */
export type ScaleFormat = 'jpeg' | 'png' | 'gif' | 'webp' | 'avif';

export const FORMAT_TYPES: Record<ScaleFormat | 'svg', string> = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  webp: 'image/webp',
  avif: 'image/avif',
  svg: 'image/svg+xml',
};

/** One file of an image: the original or a scale, with its cache-forever name. */
export interface ScaleInfo {
  /** 'original' or a scale name (preview, thumb…). */
  scale: string;
  /** `<field>-<width>-<hash>.<ext>`: changes whenever the bytes would. */
  file: string;
  width: number;
  height: number;
  /** The box it fits in; absent for the original. */
  box?: Size;
}

export interface ImagePlan {
  original: ScaleInfo;
  /** Every named scale; one that would not be smaller than the original points at it. */
  scales: Record<string, ScaleInfo>;
  /** The extension of every file (svg for SVG, which is never rasterised). */
  ext: ScaleFormat | 'svg';
  svg: boolean;
}

/**
 * The content hash that names an image's files: its blob, or (a value not
 * yet moved to the blob store) a hash of its inline bytes.
 */
export function sourceHash(f: StoredFile): string | null {
  if (f.blob) return f.blob;
  if (typeof f.data === 'string') return createHash('sha256').update(f.data).digest('hex');
  return null;
}

/** The format scales of this image are written in, by default. */
export function scaleFormatOf(contentType: string): ScaleFormat | 'svg' {
  const t = contentType.toLowerCase().split(';', 1)[0]!.trim();
  if (t === 'image/svg+xml') return 'svg';
  if (t === 'image/jpeg' || t === 'image/pjpeg' || t === 'image/jpg') return 'jpeg';
  if (t === 'image/gif') return 'gif';
  if (t === 'image/webp') return 'webp';
  if (t === 'image/avif') return 'avif';
  // PNG, and formats browsers do not show (TIFF, BMP…): lossless, keeps transparency.
  return 'png';
}

/**
 * 32 hex digits naming one rendering of one source: what a scale's bytes
 * depend on (the source bytes, the box, the scaling mode). The format is the
 * URL's extension, not part of the hash.
 */
export function scaleHash(source: string, scale: string, box?: Size): string {
  const spec = box ? `${scale}:${box.width}x${box.height}:scale` : 'original';
  return createHash('sha256').update(`${source}\n${spec}\nv1`).digest('hex').slice(0, 32);
}

/** Scales and their file names, or null when the value is no usable image. */
export function imagePlan(f: StoredFile, field: string): ImagePlan | null {
  const source = sourceHash(f);
  if (!source) return null;
  const ext = scaleFormatOf(f['content-type'] ?? '');
  const svg = ext === 'svg';
  const width = f.width ?? -1;
  const height = f.height ?? -1;
  const known = width > 0 && height > 0;
  const original: ScaleInfo = {
    scale: 'original',
    file: `${field}-${Math.max(width, 0)}-${scaleHash(source, 'original')}.${ext}`,
    width,
    height,
  };
  const scales: Record<string, ScaleInfo> = {};
  if (!known) return { original, scales, ext, svg };
  for (const [name, box] of Object.entries(PLONE_IMAGE_SCALES)) {
    const size = fitInto({ width, height }, box);
    // Not smaller (never enlarged) or an SVG (never rasterised): the original
    // serves, under the original's name, so browsers cache it once.
    if (svg || (size.width === width && size.height === height)) {
      scales[name] = { ...original, scale: name, width: size.width, height: size.height };
      continue;
    }
    const file = `${field}-${size.width}-${scaleHash(source, name, box)}.${ext}`;
    scales[name] = { scale: name, file, width: size.width, height: size.height, box };
  }
  return { original, scales, ext, svg };
}

/** `<field>-<width>-<hash>.<ext>` split up, or null. */
export function parseScaleFile(name: string): { field: string; hash: string; ext: string } | null {
  const m = /^(.+)-(\d+)-([0-9a-f]{32})\.([a-z]+)$/.exec(name);
  return m ? { field: m[1]!, hash: m[3]!, ext: m[4]! } : null;
}

export function isScaleFormat(ext: string): ext is ScaleFormat {
  return ext === 'jpeg' || ext === 'png' || ext === 'gif' || ext === 'webp' || ext === 'avif';
}
