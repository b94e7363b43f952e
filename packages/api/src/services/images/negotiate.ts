// Which configured modern format (imageFormats, best first) the browser's
// Accept header allows. Browsers that can show WebP/AVIF say so in the Accept
// of image requests; `*/*` alone is not taken as a yes (curl, old browsers).
import type { ScaleFormat } from '@tessera/core';

export function negotiateFormat(
  accept: string | undefined,
  offered: readonly ('avif' | 'webp')[],
): ScaleFormat | null {
  if (!accept || offered.length === 0) return null;
  const accepted = new Map<string, number>();
  for (const part of accept.toLowerCase().split(',')) {
    const [type, ...params] = part.trim().split(';');
    const q = params.map((p) => /^\s*q\s*=\s*([\d.]+)\s*$/.exec(p)?.[1]).find(Boolean);
    accepted.set(type!.trim(), q === undefined ? 1 : Number(q));
  }
  for (const format of offered) if ((accepted.get(`image/${format}`) ?? 0) > 0) return format;
  return null;
}
