// @@download/<field>[/<filename>] and @@images/<field>: stream a File or
// Image field's bytes from the blob store, chunk by chunk.
// Scales are served as the original until image scaling lands (issue #5).
import { fileFieldNames, type StoredFile, TesseraError } from '@tessera/core';
import type { Reply, ServiceContext, ServiceRegistry } from '../registry.js';

// Types a browser may render inline without risk of script execution.
const INLINE_SAFE = new Set([
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'image/avif',
  'application/pdf',
]);

function asciiFallback(name: string) {
  return name.replace(/[^\x20-\x7e]|["\\]/g, '_');
}

async function serveField(ctx: ServiceContext, inline: boolean): Promise<Reply> {
  const info = ctx.site.types.get(ctx.content.type);
  const fields = info ? fileFieldNames(info) : [];
  const name = ctx.args[0] ?? fields[0];
  if (!name || !fields.includes(name))
    throw new TesseraError('NotFound', `No file field "${name ?? ''}" here.`);
  const value = ctx.content.data[name] as StoredFile | null | undefined;
  if (!value?.blob) throw new TesseraError('NotFound', `The field "${name}" has no file.`);
  const info2 = await ctx.tx.blobInfo(value.blob);
  if (!info2) throw new TesseraError('NotFound', 'The file data is missing.');
  const type = value['content-type'] || 'application/octet-stream';
  const filename = value.filename || name;
  const disposition = inline && INLINE_SAFE.has(type) ? 'inline' : 'attachment';
  return {
    status: 200,
    stream: true,
    body: ctx.tx.openBlob(value.blob),
    headers: {
      'Content-Type': type,
      'Content-Length': String(info2.size),
      'Content-Disposition': `${disposition}; filename="${asciiFallback(filename)}"; filename*=UTF-8''${encodeURIComponent(filename)}`,
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': "default-src 'none'; sandbox",
      ETag: `"${value.blob}"`,
      'Cache-Control': 'private, max-age=0, must-revalidate',
    },
  };
}

export function registerDownload(services: ServiceRegistry) {
  services.add({
    method: 'GET',
    name: '@download',
    permission: 'View',
    takesArgs: true,
    handler: (ctx) => serveField(ctx, false),
  });
}
