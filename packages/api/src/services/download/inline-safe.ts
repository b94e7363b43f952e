/**
 * Media types a browser may render inline without any risk of running
 * script (SVG and HTML can run it, so they are always attachments).
 */
export const INLINE_SAFE: ReadonlySet<string> = new Set([
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'image/avif',
  'application/pdf',
  'text/plain',
  'audio/mpeg',
  'audio/ogg',
  'video/mp4',
  'video/webm',
]);
