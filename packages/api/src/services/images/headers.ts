// Response headers of @@images: what a browser may render, how long caches
// keep it, and conditional requests.
import type { StoredFile } from '@tessera/core';
import { contentDisposition } from '../download/disposition.js';
import { etagMatches } from '../download/http-range.js';
import { INLINE_SAFE } from '../download/inline-safe.js';
import type { Reply } from '../registry.js';

/** One year, the longest HTTP/1.1 suggests: unique URLs never change meaning. */
const FOREVER = 'max-age=31536000, immutable';
/** Name-based URLs (…/@@images/image/preview) follow the image: revalidate soon. */
const SHORT = 'max-age=60, must-revalidate';

/** The original's file name with the scale's extension, as the download name. */
export function scaleFilename(value: StoredFile, field: string, ext: string | null): string {
  const name = value.filename || field;
  if (!ext) return name;
  const base = name.replace(/\.[A-Za-z0-9]{1,5}$/, '');
  return `${base}.${ext === 'jpeg' ? 'jpg' : ext}`;
}

export interface ServeHeaders {
  contentType: string;
  length: number;
  filename: string;
  etag: string;
  /** Unique (cache-forever) URL, or a name-based one. */
  unique: boolean;
  /** Anonymous may view the object: shared caches may keep it. */
  publicly: boolean;
  /** Format chosen from the Accept header. */
  varies: boolean;
}

export function imageHeaders(h: ServeHeaders): Record<string, string> {
  const svg = h.contentType === 'image/svg+xml';
  const disposition = INLINE_SAFE.has(h.contentType) ? 'inline' : 'attachment';
  const headers: Record<string, string> = {
    'Content-Type': h.contentType,
    'Content-Length': String(h.length),
    'Content-Disposition': contentDisposition(disposition, h.filename),
    'X-Content-Type-Options': 'nosniff',
    // An SVG opened directly still cannot run script or load anything.
    'Content-Security-Policy': svg
      ? "default-src 'none'; style-src 'unsafe-inline'; sandbox"
      : "default-src 'none'; sandbox",
    ...cacheHeaders(h),
  };
  return headers;
}

function cacheHeaders(h: Pick<ServeHeaders, 'etag' | 'unique' | 'publicly' | 'varies'>) {
  const headers: Record<string, string> = {
    ETag: h.etag,
    'Cache-Control': `${h.publicly ? 'public' : 'private'}, ${h.unique ? FOREVER : SHORT}`,
  };
  if (h.varies) headers.Vary = 'Accept';
  return headers;
}

/** 304 when If-None-Match names this ETag (or `*`). */
export function notModified(
  ifNoneMatch: string | undefined,
  h: Pick<ServeHeaders, 'etag' | 'unique' | 'publicly' | 'varies'>,
): Reply | null {
  if (!ifNoneMatch || !etagMatches(ifNoneMatch, h.etag)) return null;
  return { status: 304, headers: cacheHeaders(h) };
}
