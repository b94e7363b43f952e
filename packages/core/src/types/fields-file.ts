// File and Image (plone.namedfile). The wire form is
// {data, encoding, filename, content-type}; the stored form keeps the bytes
// base64-encoded plus what GET needs (size, and pixel size for images). A
// storage adapter may swap `data` for a `blob` reference.

import { imagePlan } from '../images/scales.js';
import { defineFieldType, fail, isPlainObject, MSG, type SerializeContext } from './field-type.js';
import { withFocalPoint } from './focal-point.js';
import { fitInto, imageSize, PLONE_IMAGE_SCALES } from './image-size.js';
import type { JsonObject, JsonValue } from './model.js';

export interface StoredFile {
  'content-type': string;
  filename: string | null;
  size: number;
  /** Base64 bytes; absent once a storage adapter has moved them to a blob. */
  data?: string;
  blob?: string;
  /** Images only; -1 when the format could not be read. */
  width?: number;
  height?: number;
  /** Images only: where the subject is, as fractions of width and height (focal-point.ts). */
  focal_point?: [number, number];
}

/**
 * A file already in the blob store (a multipart or TUS upload streamed there
 * before the transaction). Only server code can make one: a JSON body cannot
 * point a field at someone else's blob.
 */
export class StagedBlob {
  constructor(
    readonly hash: string,
    readonly size: number,
    readonly filename: string | null,
    readonly contentType: string,
    /** The first bytes, for an image's pixel size. */
    readonly head: Buffer,
  ) {}
}

/** What is kept of an uploaded file name: its last path segment, without control characters. */
export function safeFilename(name: string): string {
  const base = name.split(/[/\\]/).pop() ?? '';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
  const clean = base.replace(/[\u0000-\u001f\u007f-\u009f]/g, '').trim();
  return clean === '.' || clean === '..' ? '' : clean.slice(0, 255);
}

const BASE64 = /^[A-Za-z0-9+/_-]*={0,2}$/;

function decode(data: string, encoding: string): Buffer {
  if (encoding === 'base64') {
    const compact = data.replace(/\s+/g, '');
    if (!BASE64.test(compact) || compact.replace(/=+$/, '').length % 4 === 1)
      return fail('The file data is not valid base64.');
    return Buffer.from(compact, 'base64');
  }
  if (encoding === '' || /^utf-?8$/i.test(encoding)) return Buffer.from(data, 'utf8');
  if (/^(latin-?1|iso-8859-1)$/i.test(encoding)) return Buffer.from(data, 'latin1');
  if (/^(us-)?ascii$/i.test(encoding)) return Buffer.from(data, 'ascii');
  return fail(`Unknown encoding: ${encoding}`);
}

function fromStaged(staged: StagedBlob, image: boolean): StoredFile {
  const stored: StoredFile = {
    'content-type': staged.contentType || 'application/octet-stream',
    blob: staged.hash,
    filename: staged.filename === null ? null : safeFilename(staged.filename) || null,
    size: staged.size,
  };
  if (image) withPixelSize(stored, staged.head);
  return stored;
}

function withPixelSize(stored: StoredFile, bytes: Buffer) {
  const size = imageSize(bytes);
  if (!size && !stored['content-type'].startsWith('image/')) fail('The file is not a supported image.');
  stored.width = size?.width ?? -1;
  stored.height = size?.height ?? -1;
}

function parseNamedFile(value: unknown, current: JsonValue | undefined, image: boolean): StoredFile {
  if (value instanceof StagedBlob) return fromStaged(value, image);
  let input: Record<string, unknown>;
  if (typeof value === 'string') {
    // A data: URI ("data:image/png;base64,…").
    const m = /^data:([^;,]*)((?:;[^;,]*)*),(.*)$/s.exec(value);
    if (!m) return fail(MSG.wrongType);
    input = {
      'content-type': m[1] || undefined,
      encoding: m[2].includes(';base64') ? 'base64' : 'utf-8',
      data: m[3],
    };
  } else if (isPlainObject(value)) {
    input = value;
  } else {
    return fail(MSG.wrongType);
  }
  const filename = input.filename;
  const contentType = input['content-type'];
  if (filename !== undefined && filename !== null && typeof filename !== 'string') return fail(MSG.wrongType);
  if (contentType !== undefined && typeof contentType !== 'string') return fail(MSG.wrongType);

  if (input.data === undefined) {
    // Metadata-only update of an existing file (clients echo back what GET gave them).
    if (!isPlainObject(current)) return fail('The file data is missing.');
    const kept = structuredClone(current) as unknown as StoredFile;
    if (filename !== undefined)
      kept.filename = typeof filename === 'string' ? safeFilename(filename) || null : null;
    if (contentType) kept['content-type'] = contentType;
    return kept;
  }
  if (typeof input.data !== 'string') return fail(MSG.wrongType);
  const encoding = input.encoding ?? '';
  if (typeof encoding !== 'string') return fail(MSG.wrongType);
  const bytes = decode(input.data, encoding);

  const stored: StoredFile = {
    'content-type': contentType || 'application/octet-stream',
    data: bytes.toString('base64'),
    filename: typeof filename === 'string' ? safeFilename(filename) || null : null,
    size: bytes.length,
  };
  if (image) withPixelSize(stored, bytes);
  return stored;
}

export const fileType = defineFieldType({
  factory: 'File',
  parse: (_schema, value, ctx) => parseNamedFile(value, ctx?.current, false) as unknown as JsonObject,
  output(_schema, stored, ctx) {
    if (!isPlainObject(stored)) return null;
    const f = stored as unknown as StoredFile;
    const out: JsonObject = { 'content-type': f['content-type'] };
    if (ctx) out.download = `${ctx.contentUrl}/@@download/${ctx.fieldName}`;
    out.filename = f.filename;
    out.size = f.size;
    return out;
  },
});

function scales(f: StoredFile, ctx?: SerializeContext): JsonObject {
  const plan = ctx ? imagePlan(f, ctx.fieldName) : null;
  const width = f.width ?? -1;
  const height = f.height ?? -1;
  if (width <= 0 || height <= 0) return {};
  const out: JsonObject = {};
  for (const [name, box] of Object.entries(PLONE_IMAGE_SCALES)) {
    const s = plan?.scales[name] ?? fitInto({ width, height }, box);
    out[name] = {
      // The cache-forever name: it changes whenever the image does.
      ...(ctx && plan ? { download: `${ctx.contentUrl}/@@images/${plan.scales[name]!.file}` } : {}),
      height: s.height,
      width: s.width,
    };
  }
  return out;
}

export const imageType = defineFieldType({
  factory: 'Image',
  parse: (_schema, value, ctx) =>
    withFocalPoint(parseNamedFile(value, ctx?.current, true), value) as unknown as JsonObject,
  output(_schema, stored, ctx) {
    if (!isPlainObject(stored)) return null;
    const f = stored as unknown as StoredFile;
    const out: JsonObject = { 'content-type': f['content-type'] };
    if (ctx) {
      const plan = imagePlan(f, ctx.fieldName);
      out.download = `${ctx.contentUrl}/@@images/${plan ? plan.original.file : ctx.fieldName}`;
    }
    out.filename = f.filename;
    if (f.focal_point) out.focal_point = f.focal_point;
    out.height = f.height ?? -1;
    out.scales = scales(f, ctx);
    out.size = f.size;
    out.width = f.width ?? -1;
    return out;
  },
});
