// The TUS 1.0.0 wire format as plone.restapi speaks it: version and
// extension headers, the numeric headers, and Upload-Metadata.
// https://tus.io/protocols/resumable-upload (core protocol, creation, expiration)
import { type ErrorType, TesseraError } from '@tessera/core';
import type { FastifyRequest } from 'fastify';

export const TUS_VERSION = '1.0.0';
export const TUS_EXTENSIONS = 'creation,expiration';
export const CHUNK_TYPE = 'application/offset+octet-stream';

/** Every TUS response but OPTIONS carries Tus-Resumable, errors included. */
export function tusError(type: ErrorType, message: string, headers: Record<string, string> = {}) {
  return new TesseraError(type, message, { headers: { 'Tus-Resumable': TUS_VERSION, ...headers } });
}

export function header(req: FastifyRequest, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v.join(',') : v;
}

/** 412 unless the client speaks our version (the spec asks for Tus-Version in the answer). */
export function checkResumable(req: FastifyRequest) {
  if (header(req, 'tus-resumable')?.trim() !== TUS_VERSION)
    throw tusError('PreconditionFailed', 'Unsupported version (send Tus-Resumable: 1.0.0).', {
      'Tus-Version': TUS_VERSION,
    });
}

/** A non-negative integer header (Upload-Length, Upload-Offset); 400 when missing or malformed. */
export function byteCount(req: FastifyRequest, name: string): number {
  const raw = header(req, name.toLowerCase())?.trim();
  const n = raw !== undefined && /^\d{1,16}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(n)) throw tusError('BadRequest', `Missing or invalid ${name} header.`);
  return n;
}

const KEY = /^[\x21-\x2b\x2d-\x7e]+$/; // printable ASCII without space and comma
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Upload-Metadata: comma-separated `key base64(value)` pairs, the value
 * optional. Keys are compared case-insensitively (as plone.restapi does);
 * a repeated key, bad base64 or a value that is not UTF-8 is a 400.
 */
export function parseMetadata(raw: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (raw === undefined || raw.trim() === '') return out;
  for (const item of raw.split(',')) {
    const parts = item.trim().split(/ +/);
    const [key, value = ''] = parts;
    if (parts.length > 2 || !key || !KEY.test(key) || !BASE64.test(value))
      throw tusError('BadRequest', `Malformed Upload-Metadata entry "${item.trim().slice(0, 60)}".`);
    const name = key.toLowerCase();
    if (out.has(name)) throw tusError('BadRequest', `Upload-Metadata repeats the key "${key}".`);
    try {
      out.set(name, utf8.decode(Buffer.from(value, 'base64')));
    } catch {
      throw tusError('BadRequest', `The Upload-Metadata value of "${key}" is not UTF-8.`);
    }
  }
  return out;
}

/** Upload-Expires is an HTTP date (RFC 9110 IMF-fixdate). */
export function httpDate(ms: number): string {
  return new Date(ms).toUTCString();
}
