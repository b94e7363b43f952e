// Responsive <img> from Plone image scales: every scale becomes a srcset
// candidate, so the browser downloads the smallest one that fits.
import { safeUrl } from '../lib/urls.js';

export interface ImageInfo {
  download?: string;
  width?: number;
  height?: number;
  scales?: Record<string, { download?: string; width?: number; height?: number }>;
}

// Plone's default scale widths, used when only a content URL is known.
const DEFAULT_SCALES: [string, number][] = [
  ['mini', 200],
  ['preview', 400],
  ['teaser', 600],
  ['large', 800],
  ['larger', 1000],
  ['great', 1200],
];

function absolute(base: string, download: string): string {
  if (/^(https?:)?\//.test(download)) return download;
  return `${base.replace(/\/$/, '')}/${download}`;
}

/** The first image of an `image_scales` mapping (search results, teaser targets). */
export function firstScale(imageScales: unknown, field?: string): ImageInfo | null {
  if (!imageScales || typeof imageScales !== 'object') return null;
  const byField = imageScales as Record<string, unknown>;
  const list = byField[field || 'image'] ?? Object.values(byField)[0];
  const first = Array.isArray(list) ? list[0] : null;
  return first && typeof first === 'object' ? (first as ImageInfo) : null;
}

export function ResponsiveImage(props: {
  base: string;
  image: ImageInfo | null;
  alt: string;
  sizes?: string;
  className?: string;
  /** Scale name for the fallback src. */
  scale?: string;
  field?: string;
  lazy?: boolean;
}) {
  const { base, image, alt, sizes = '(max-width: 800px) 100vw, 800px', className, lazy = true } = props;
  const candidates = new Map<number, string>();
  let src: string;
  let width: number | undefined;
  let height: number | undefined;
  if (image?.download) {
    for (const s of Object.values(image.scales ?? {}))
      if (s?.download && s.width) candidates.set(s.width, absolute(base, s.download));
    if (image.width) candidates.set(image.width, absolute(base, image.download));
    const chosen = image.scales?.[props.scale ?? 'large'] ?? image;
    src = absolute(base, chosen.download ?? image.download);
    width = chosen.width ?? image.width;
    height = chosen.height ?? image.height;
  } else {
    // No scale metadata: ask the backend for named scales of the field.
    const field = props.field || 'image';
    for (const [name, w] of DEFAULT_SCALES) candidates.set(w, `${base}/@@images/${field}/${name}`);
    src = `${base}/@@images/${field}/${props.scale ?? 'large'}`;
  }
  const srcSet = [...candidates.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([w, url]) => `${safeUrl(url)} ${w}w`)
    .join(', ');
  return (
    <img
      src={safeUrl(src)}
      srcSet={srcSet || undefined}
      sizes={srcSet ? sizes : undefined}
      width={width}
      height={height}
      alt={alt}
      className={className}
      loading={lazy ? 'lazy' : undefined}
      decoding="async"
    />
  );
}
