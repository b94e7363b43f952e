// The body of the two mail endpoints, checked: addresses that are addresses,
// header fields on one line, sizes bounded. A message is plain text.
import { badRequest } from '@tessera/core';

const EMAIL = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]+$/;
const LIMITS = { name: 200, subject: 300, message: 20_000, address: 254 };

export interface MailRequest {
  name: string;
  from: string;
  to?: string;
  subject: string;
  message: string;
}

function text(
  body: Record<string, unknown>,
  key: keyof typeof LIMITS | 'to' | 'from',
  max: number,
  required: boolean,
) {
  const v = body[key];
  if (v === undefined || v === null || v === '') {
    if (required) throw badRequest(`Missing "${key}".`);
    return '';
  }
  if (typeof v !== 'string') throw badRequest(`"${key}" must be a string.`);
  if (v.length > max) throw badRequest(`"${key}" is longer than ${max} characters.`);
  return v;
}

function address(body: Record<string, unknown>, key: 'from' | 'to', required: boolean) {
  const v = text(body, key, LIMITS.address, required).trim();
  if (v && !EMAIL.test(v)) throw badRequest(`"${key}" is not an e-mail address.`);
  return v;
}

/** One line: a header must not smuggle another header in. */
const oneLine = (s: string) => s.replace(/[\r\n\t]+/g, ' ').trim();

export function readMailRequest(raw: unknown, opts: { to: boolean }): MailRequest {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw))
    throw badRequest('The body must be a JSON object.');
  const body = raw as Record<string, unknown>;
  const known = new Set(['name', 'from', 'subject', 'message', ...(opts.to ? ['to'] : [])]);
  const unknown = Object.keys(body).filter((k) => !known.has(k));
  if (unknown.length) throw badRequest(`Unknown fields: ${unknown.join(', ')}.`);
  return {
    name: oneLine(text(body, 'name', LIMITS.name, false)),
    from: address(body, 'from', true),
    to: opts.to ? address(body, 'to', true) : undefined,
    subject: oneLine(text(body, 'subject', LIMITS.subject, false)),
    message: text(body, 'message', LIMITS.message, true),
  };
}
