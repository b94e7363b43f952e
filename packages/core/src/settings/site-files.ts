// The site logo and favicon: Plone keeps an uploaded file in a Bytes record
// as "filenameb64:<base64 name>;datab64:<base64 bytes>", the form Volto's
// registry image widget sends.
import type { JsonValue } from '../types/model.js';
import type { Constraint } from './model.js';

export interface SiteFile {
  filename: string;
  data: Buffer;
}

const ENCODED = /^filenameb64:([A-Za-z0-9+/=]*);datab64:([A-Za-z0-9+/=]*)$/;

/** The file a record holds, or null when it is empty or not in Plone's form. */
export function decodeSiteFile(value: unknown): SiteFile | null {
  if (typeof value !== 'string') return null;
  const m = ENCODED.exec(value);
  if (!m) return null;
  const filename = Buffer.from(m[1]!, 'base64').toString('utf8');
  const data = Buffer.from(m[2]!, 'base64');
  if (!filename || /[/\\]/.test(filename) || data.length === 0) return null;
  return { filename, data };
}

export const siteFile: Constraint = (value: JsonValue) =>
  value === '' || value === null || decodeSiteFile(value)
    ? null
    : 'Expected a file as "filenameb64:<base64 name>;datab64:<base64 data>".';
