// Creating or editing content with a multipart/form-data body (a browser
// form, curl -F): file parts stream straight into the blob store before the
// transaction opens, so a 1 GB upload holds neither memory nor the write
// lock. Text parts are field values; a part sent as application/json (or
// named "@json") is parsed as JSON and merged, for values that are not
// strings (subjects, booleans, blocks). Fields must come before the files
// of a new object, so that its type (and so its size limit) is known.
import type { Readable } from 'node:stream';
import { Busboy } from '@fastify/busboy';
import { badRequest, fileFieldNames, StagedBlob, TesseraError, uploadLimitFor } from '@tessera/core';
import type { RawBody } from '../../raw-body.js';
import type { StageContext, Staged } from '../registry.js';

/** Bytes kept from each file's start, to read an image's pixel size. */
const HEAD_BYTES = 64 * 1024;

export async function stageMultipart(ctx: StageContext, raw: RawBody, knownType?: string): Promise<Staged> {
  if (!raw.contentType.startsWith('multipart/form-data'))
    throw new TesseraError('UnsupportedMediaType', 'Send application/json or multipart/form-data.');
  const fields: Record<string, unknown> = {};
  const uploads: Array<Promise<void>> = [];
  const active = new Set<Readable>();
  let failure: unknown;
  let abort: (err: unknown) => void = () => {};
  // The first error ends the request: files still streaming are destroyed
  // (their blob writes clean up), the rest of the body is discarded.
  const fail = (err: unknown) => {
    if (failure) return;
    failure = err;
    for (const s of active) s.destroy(err instanceof Error ? err : new Error(String(err)));
    abort(err);
  };

  let parser: ReturnType<typeof Busboy>;
  try {
    parser = Busboy({
      headers: { 'content-type': raw.contentType },
      limits: { fieldSize: 1024 * 1024, fields: 200, files: 20, parts: 220, fieldNameSize: 200 },
    });
  } catch (err) {
    throw badRequest(`Malformed multipart body: ${(err as Error).message}`);
  }

  parser.on(
    'field',
    (name: string, value: string, _nt: boolean, truncated: boolean, _enc: string, mime: string) => {
      if (failure) return;
      try {
        if (truncated) throw badRequest(`The form field "${name}" is too long.`);
        if (name === '@json' || mime.startsWith('application/json')) {
          const parsed = JSON.parse(value);
          if (name === '@json') {
            if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
              throw badRequest('The "@json" part must be a JSON object.');
            Object.assign(fields, parsed);
          } else fields[name] = parsed;
        } else fields[name] = value;
      } catch (err) {
        fail(err instanceof SyntaxError ? badRequest(`The form field "${name}" is not valid JSON.`) : err);
      }
    },
  );

  parser.on('file', (name: string, stream: Readable, filename: string, _enc: string, mime: string) => {
    if (failure) return void stream.resume();
    const type = knownType ?? (typeof fields['@type'] === 'string' ? fields['@type'] : undefined);
    const info = type ? ctx.site.types.get(type) : undefined;
    if (!type || !info) {
      stream.resume();
      return fail(badRequest('Send "@type" before the files of a new object.'));
    }
    if (!fileFieldNames(info).includes(name)) {
      stream.resume();
      return fail(badRequest(`"${name}" is not a file field of ${type}.`));
    }
    let head = Buffer.alloc(0);
    async function* bytes() {
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        if (head.length < HEAD_BYTES)
          head = Buffer.concat([head, chunk.subarray(0, HEAD_BYTES - head.length)]);
        yield chunk;
      }
    }
    active.add(stream);
    stream.on('close', () => active.delete(stream));
    uploads.push(
      ctx.site.storage.putBlob(bytes(), { maxBytes: uploadLimitFor(ctx.site.config, type) }).then(
        (blob) => {
          fields[name] = new StagedBlob(
            blob.hash,
            blob.size,
            filename || null,
            mime || 'application/octet-stream',
            head,
          );
        },
        (err) => fail(err),
      ),
    );
  });

  await new Promise<void>((resolve, reject) => {
    abort = reject;
    parser.on('finish', resolve);
    parser.on('error', (err: Error) => fail(badRequest(`Malformed multipart body: ${err.message}`)));
    raw.stream.on('error', fail);
    raw.stream.on('aborted', () => fail(badRequest('The upload was interrupted.')));
    raw.stream.pipe(parser);
  }).catch(() => {});
  // Every blob write has finished or cleaned up after itself.
  await Promise.allSettled(uploads);
  if (failure) {
    raw.stream.unpipe(parser);
    raw.stream.resume();
    throw failure;
  }
  return { value: fields };
}
