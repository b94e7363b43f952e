// Renders every error in plone.restapi's shape. Traversal 404s use the flat
// form Plone itself returns ({type, message, context}); everything else uses
// {"error": {"type", "message"}}. 5xx never carry stack traces.
import { TesseraError } from '@tessera/core';

export interface RenderedError {
  status: number;
  body: Record<string, unknown>;
}

const FASTIFY_CODES: Record<string, [number, TesseraError['type'], string]> = {
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'RequestEntityTooLarge', 'The request body is larger than allowed.'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [
    415,
    'UnsupportedMediaType',
    'Unsupported Content-Type; send application/json.',
  ],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'BadRequest', 'The request body is empty; a JSON document is expected.'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [
    400,
    'BadRequest',
    'The Content-Length header does not match the body.',
  ],
  FST_ERR_BAD_URL: [400, 'BadRequest', 'The request URL is malformed.'],
  FST_ERR_ASYNC_CONSTRAINT: [400, 'BadRequest', 'The request is malformed.'],
};

export function renderError(err: unknown): RenderedError {
  if (err instanceof TesseraError) {
    // Publisher-level refusals (traversal 404, permission 401/403) carry a
    // `context` and use Plone's flat shape.
    if (err.extra?.context && ['NotFound', 'Unauthorized', 'Forbidden'].includes(err.type)) {
      return { status: err.status, body: { type: err.type, message: err.message, ...err.extra } };
    }
    const error: Record<string, unknown> = { type: err.type, message: err.message };
    if (err.fieldErrors?.length) error.errors = err.fieldErrors;
    if (err.extra) Object.assign(error, err.extra);
    return { status: err.status, body: { error } };
  }
  const e = err as { code?: string; statusCode?: number; message?: string };
  const mapped = e?.code ? FASTIFY_CODES[e.code] : undefined;
  if (mapped) return { status: mapped[0], body: { error: { type: mapped[1], message: mapped[2] } } };
  if (e?.statusCode && e.statusCode >= 400 && e.statusCode < 500) {
    return { status: e.statusCode, body: { error: { type: 'BadRequest', message: String(e.message) } } };
  }
  return {
    status: 500,
    body: {
      error: { type: 'InternalServerError', message: 'An internal error occurred; it has been logged.' },
    },
  };
}
