// One error type for the whole backend. The HTTP layer renders it in
// plone.restapi's shape: {"error": {"type", "message"}} (see api/src/errors.ts).

export type ErrorType =
  | 'BadRequest'
  | 'Unauthorized'
  | 'Forbidden'
  | 'NotFound'
  | 'MethodNotAllowed'
  | 'Conflict'
  | 'PreconditionFailed'
  | 'Locked'
  | 'RequestEntityTooLarge'
  | 'RangeNotSatisfiable'
  | 'UnsupportedMediaType'
  | 'UnprocessableEntity'
  | 'Locked'
  | 'TooManyRequests'
  | 'InternalServerError'
  | 'BadGateway'
  | 'ServiceUnavailable';

const STATUS: Record<ErrorType, number> = {
  BadRequest: 400,
  Unauthorized: 401,
  Forbidden: 403,
  NotFound: 404,
  MethodNotAllowed: 405,
  Conflict: 409,
  PreconditionFailed: 412,
  RequestEntityTooLarge: 413,
  RangeNotSatisfiable: 416,
  UnsupportedMediaType: 415,
  UnprocessableEntity: 422,
  Locked: 423,
  TooManyRequests: 429,
  InternalServerError: 500,
  BadGateway: 502,
  ServiceUnavailable: 503,
};

export interface FieldError {
  field: string;
  message: string;
}

export class TesseraError extends Error {
  readonly type: ErrorType;
  readonly status: number;
  /** Per-field validation errors, rendered as plone.restapi does for 400s. */
  readonly fieldErrors?: FieldError[];
  /** Extra keys merged into the rendered error object. */
  readonly extra?: Record<string, unknown>;
  /** Response headers the error needs (Retry-After on a 429). */
  readonly headers?: Record<string, string>;

  constructor(
    type: ErrorType,
    message: string,
    opts: {
      fieldErrors?: FieldError[];
      extra?: Record<string, unknown>;
      headers?: Record<string, string>;
      cause?: unknown;
    } = {},
  ) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'TesseraError';
    this.type = type;
    this.status = STATUS[type];
    this.fieldErrors = opts.fieldErrors;
    this.extra = opts.extra;
    this.headers = opts.headers;
  }
}

export const badRequest = (message: string, fieldErrors?: FieldError[]) =>
  new TesseraError('BadRequest', message, { fieldErrors });
export const notFound = (message: string) => new TesseraError('NotFound', message);
export const forbidden = (message = 'You are not authorized to access this resource.') =>
  new TesseraError('Forbidden', message);
export const unauthorized = (message = 'You are not authorized to access this resource.') =>
  new TesseraError('Unauthorized', message);
