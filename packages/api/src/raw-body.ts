// Request bodies that are not parsed up front: multipart uploads and TUS
// chunks. Fastify hands over the request stream untouched; a service that
// declares `stage` reads it before any transaction opens (so a 1 GB upload
// holds no lock and no memory), and a service declaring `acceptsForm` gets it
// buffered (bounded by bodyLimit) and parsed as a FormBody.
import type { Readable } from 'node:stream';
import { TesseraError } from '@tessera/core';
import { type FormBody, parseMultipart } from './form-body.js';

export class RawBody {
  constructor(
    readonly stream: Readable,
    readonly contentType: string,
    /** The declared length, if any (Content-Length). */
    readonly length: number | undefined,
  ) {}

  /** The whole body in memory, refused (413) past `limit` bytes. */
  async buffer(limit: number): Promise<Buffer> {
    if (this.length !== undefined && this.length > limit) throw tooLarge(limit);
    const parts: Buffer[] = [];
    let size = 0;
    for await (const part of this.stream) {
      size += (part as Buffer).length;
      if (size > limit) {
        this.stream.resume();
        throw tooLarge(limit);
      }
      parts.push(part as Buffer);
    }
    return Buffer.concat(parts);
  }

  async form(limit: number): Promise<FormBody> {
    return parseMultipart(await this.buffer(limit), this.contentType);
  }
}

function tooLarge(limit: number) {
  return new TesseraError('RequestEntityTooLarge', `The request body is larger than ${limit} bytes.`);
}
