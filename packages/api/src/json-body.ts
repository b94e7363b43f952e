// The JSON body parser: strict UTF-8 (invalid bytes are a 400, not silently
// replaced), prototype-poisoning keys rejected, size capped by Fastify's bodyLimit.
import { badRequest } from '@tessera/core';
import type { FastifyInstance } from 'fastify';
import secureJson from 'secure-json-parse';
import { parseUrlEncoded } from './form-body.js';
import { RawBody } from './raw-body.js';

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

export function parseJsonBody(buf: Buffer): unknown {
  if (buf.length === 0) return undefined;
  let text: string;
  try {
    text = utf8.decode(buf);
  } catch {
    throw badRequest('The request body is not valid UTF-8.');
  }
  try {
    return secureJson.parse(text, undefined, { protoAction: 'error', constructorAction: 'error' });
  } catch (err) {
    throw badRequest(`The request body is not valid JSON: ${(err as Error).message}`);
  }
}

export function registerJsonParser(app: FastifyInstance) {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(
    ['application/json', 'application/json+schema', 'application/merge-patch+json'],
    { parseAs: 'buffer' },
    (_req, body, done) => {
      try {
        done(null, parseJsonBody(body as Buffer));
      } catch (err) {
        done(err as Error, undefined);
      }
    },
  );
  // Only services declaring `acceptsForm` take these; the dispatcher answers 415 for the rest.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'buffer' }, (_req, body, done) => {
    done(null, parseUrlEncoded(body as Buffer));
  });
  // Uploads stream: the service reads them (raw-body.ts).
  app.addContentTypeParser(
    ['multipart/form-data', 'application/offset+octet-stream'],
    (req, payload, done) => {
      const length = Number(req.headers['content-length']);
      done(
        null,
        new RawBody(
          payload,
          String(req.headers['content-type']),
          Number.isFinite(length) ? length : undefined,
        ),
      );
    },
  );
}
