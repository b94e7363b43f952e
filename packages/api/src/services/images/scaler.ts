// Renders one image scale with sharp (libvips, on its own threads). Guards:
// a pixel limit checked from the header before decoding (decompression
// bombs), a time limit, and at most SCALERS renderings at once so a burst of
// first requests cannot take every core. Metadata (EXIF, XMP, GPS) is
// dropped; the EXIF orientation is applied first.
import { type ScaleFormat, type Size, TesseraError } from '@tessera/core';
import sharp, { type Sharp } from 'sharp';

// libvips' operation cache keeps recent images in memory; scales are stored
// once made, so the cache would only hold what is never asked again.
sharp.cache(false);

const SCALERS = 2;
let running = 0;
const waiting: Array<() => void> = [];

async function slot<T>(fn: () => Promise<T>): Promise<T> {
  if (running >= SCALERS) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  try {
    return await fn();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

export interface RenderOptions {
  /** Exact output size (the plan's, computed from the oriented original). */
  size: Size;
  format: ScaleFormat;
  /** JPEG/WebP/AVIF quality, 1–100 (the imaging control panel's `quality`). */
  quality: number;
  maxPixels: number;
  timeoutSeconds: number;
}

export interface Rendered {
  data: Buffer;
  width: number;
  height: number;
}

export function render(input: Buffer, opts: RenderOptions): Promise<Rendered> {
  return slot(async () => {
    try {
      let img = sharp(input, { limitInputPixels: opts.maxPixels, failOn: 'error', animated: false })
        .rotate()
        .resize(opts.size.width, opts.size.height, { fit: 'fill' })
        .timeout({ seconds: opts.timeoutSeconds });
      img = encode(img, opts.format, opts.quality);
      const { data, info } = await img.toBuffer({ resolveWithObject: true });
      return { data, width: info.width, height: info.height };
    } catch (err) {
      throw scalingError(err);
    }
  });
}

function encode(img: Sharp, format: ScaleFormat, quality: number): Sharp {
  switch (format) {
    case 'jpeg':
      return img.jpeg({ quality, progressive: true });
    case 'png':
      return img.png({ compressionLevel: 6, adaptiveFiltering: false });
    case 'gif':
      return img.gif();
    case 'webp':
      return img.webp({ quality });
    case 'avif':
      // effort 2 of 9: AVIF at its default effort takes seconds per scale.
      return img.avif({ quality: Math.max(1, quality - 30), effort: 2 });
  }
}

/** sharp's errors as the client's problem (a bad or huge image) or a timeout. */
function scalingError(err: unknown): TesseraError {
  const message = err instanceof Error ? err.message : String(err);
  if (/timeout/i.test(message))
    return new TesseraError('ServiceUnavailable', 'Scaling the image took too long.', { cause: err });
  if (/pixel limit/i.test(message))
    return new TesseraError('UnprocessableEntity', 'The image has too many pixels to be scaled.', {
      cause: err,
    });
  return new TesseraError('UnprocessableEntity', 'The image cannot be read (corrupt or not an image).', {
    cause: err,
  });
}
