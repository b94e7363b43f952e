// Form bodies (application/x-www-form-urlencoded and multipart/form-data),
// which only a few services take: @users' CSV import and the delete options
// plone.restapi documents. Parsed into a FormBody; the dispatcher answers 415
// for services that do not declare `acceptsForm`.
import { badRequest } from '@tessera/core';

export interface FormPart {
  name: string;
  filename?: string;
  contentType?: string;
  data: Buffer;
}

export class FormBody {
  constructor(readonly parts: FormPart[]) {}

  get(name: string): FormPart | undefined {
    return this.parts.find((p) => p.name === name);
  }

  text(name: string): string | undefined {
    return this.get(name)?.data.toString('utf8');
  }
}

export function parseUrlEncoded(buf: Buffer): FormBody {
  const params = new URLSearchParams(buf.toString('utf8'));
  return new FormBody([...params].map(([name, value]) => ({ name, data: Buffer.from(value, 'utf8') })));
}

function headerParam(header: string, param: string): string | undefined {
  const m = new RegExp(`;\\s*${param}\\*?=(?:"((?:[^"\\\\]|\\\\.)*)"|([^;\\s]+))`, 'i').exec(header);
  return m ? (m[1] ?? m[2]) : undefined;
}

/** RFC 7578 multipart/form-data, the whole body in memory (bounded by bodyLimit). */
export function parseMultipart(buf: Buffer, contentType: string): FormBody {
  const boundary = headerParam(contentType, 'boundary');
  if (!boundary || boundary.length > 200) throw badRequest('multipart/form-data without a boundary.');
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: FormPart[] = [];
  let pos = buf.indexOf(delimiter);
  if (pos < 0) throw badRequest('Malformed multipart body.');
  for (;;) {
    pos += delimiter.length;
    if (buf.subarray(pos, pos + 2).toString() === '--') break; // closing delimiter
    if (buf.subarray(pos, pos + 2).toString() === '\r\n') pos += 2;
    else if (buf[pos] === 0x0a) pos += 1;
    const next = buf.indexOf(delimiter, pos);
    if (next < 0) throw badRequest('Malformed multipart body: no closing boundary.');
    let part = buf.subarray(pos, next);
    // The CRLF before the next delimiter belongs to the delimiter.
    if (part.subarray(-2).toString() === '\r\n') part = part.subarray(0, -2);
    else if (part.subarray(-1).toString() === '\n') part = part.subarray(0, -1);
    let split = part.indexOf('\r\n\r\n');
    let sepLen = 4;
    if (split < 0) {
      split = part.indexOf('\n\n');
      sepLen = 2;
    }
    if (split < 0) throw badRequest('Malformed multipart body: a part has no headers.');
    const headers = new Map<string, string>();
    for (const line of part.subarray(0, split).toString('utf8').split(/\r?\n/)) {
      const colon = line.indexOf(':');
      if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
    }
    const disposition = headers.get('content-disposition') ?? '';
    const name = headerParam(disposition, 'name');
    if (!/^form-data/i.test(disposition) || name === undefined)
      throw badRequest('Malformed multipart body: a part has no form-data name.');
    parts.push({
      name,
      filename: headerParam(disposition, 'filename'),
      contentType: headers.get('content-type'),
      data: part.subarray(split + sepLen),
    });
    pos = next;
    if (parts.length > 100) throw badRequest('Too many parts in the multipart body.');
  }
  return new FormBody(parts);
}
