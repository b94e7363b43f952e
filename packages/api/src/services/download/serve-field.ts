// The reply for one file field's bytes. Files are immutable per blob hash,
// so validators are cheap: the ETag names the blob and how it is presented.

import { createHash } from 'node:crypto';
import { relative } from 'node:path';
import { fileFieldNames, type StoredFile, TesseraError } from '@tessera/core';
import type { Reply, ServiceContext } from '../registry.js';
import { contentDisposition } from './disposition.js';
import { notModified, parseRange, rangeStillValid } from './http-range.js';
import { INLINE_SAFE } from './inline-safe.js';

export async function serveField(ctx: ServiceContext, want: 'inline' | 'attachment'): Promise<Reply> {
  const info = ctx.site.types.get(ctx.content.type);
  const fields = info ? fileFieldNames(info) : [];
  // @@download/<field>/<filename>: the trailing name only makes URLs readable.
  const name = ctx.args[0] ?? fields[0];
  if (!name || !fields.includes(name))
    throw new TesseraError('NotFound', `No file field "${name ?? ''}" here.`);
  const value = ctx.content.data[name] as StoredFile | null | undefined;
  if (!value?.blob) throw new TesseraError('NotFound', `The field "${name}" has no file.`);
  const blob = await ctx.tx.blobInfo(value.blob);
  if (!blob) throw new TesseraError('NotFound', 'The file data is missing.');

  const type = value['content-type'] || 'application/octet-stream';
  const disposition = want === 'inline' && INLINE_SAFE.has(type) ? 'inline' : 'attachment';
  const etag = `"${createHash('sha256')
    .update(`${value.blob}\n${type}\n${value.filename ?? ''}\n${disposition}`)
    .digest('base64url')
    .slice(0, 27)}"`;
  const lastModified = new Date(ctx.content.modified);
  const headers: Record<string, string> = {
    'Content-Type': type,
    'Content-Disposition': contentDisposition(disposition, value.filename || name),
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': "default-src 'none'; sandbox",
    ETag: etag,
    'Last-Modified': lastModified.toUTCString(),
    'Accept-Ranges': 'bytes',
    'Cache-Control': 'private, max-age=0, must-revalidate',
  };
  const req = ctx.req.headers as Record<string, string | undefined>;
  if (notModified(req, etag, lastModified)) return { status: 304, headers };

  // nginx serves the file itself (and its ranges) from the shared blob directory.
  const prefix = ctx.site.config.xAccelRedirect;
  const file = prefix ? ctx.site.storage.blobFile(value.blob) : undefined;
  if (prefix && file) {
    const dir = ctx.site.config.blobDir || `${ctx.site.config.data}/blobs`;
    headers['X-Accel-Redirect'] = `${prefix}${relative(dir, file)}`;
    return { status: 200, headers, body: '', stream: true };
  }

  const range = rangeStillValid(req['if-range'], etag, lastModified)
    ? parseRange(req.range, blob.size)
    : ({ kind: 'full' } as const);
  if (range.kind === 'unsatisfiable') {
    throw new TesseraError('RangeNotSatisfiable', `The file has ${blob.size} bytes.`, {
      headers: { 'Content-Range': `bytes */${blob.size}` },
    });
  }
  const head = ctx.req.method === 'HEAD';
  if (range.kind === 'partial') {
    const { start, end } = range.range;
    headers['Content-Range'] = `bytes ${start}-${end}/${blob.size}`;
    headers['Content-Length'] = String(end - start + 1);
    return { status: 206, headers, stream: true, body: head ? '' : ctx.tx.openBlob(value.blob, range.range) };
  }
  headers['Content-Length'] = String(blob.size);
  return { status: 200, headers, stream: true, body: head ? '' : ctx.tx.openBlob(value.blob) };
}
