// Date/Time and Date. Date/Time values are stored as ISO strings in UTC with
// Python's isoformat() shape ("2013-01-01T10:00:00+00:00"), which is also
// what plone.restapi returns; values without an offset are read as UTC.
import { checkRange, defineFieldType, fail } from './field-type.js';

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

interface Parts {
  y: number;
  mo: number;
  d: number;
  h: number;
  mi: number;
  s: number;
  ms: number;
  offsetMinutes: number;
}

function parseIso(value: string): Parts | null {
  const m = ISO.exec(value.trim());
  if (!m) return null;
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '', tz] = m;
  let offsetMinutes = 0;
  if (tz && tz.toUpperCase() !== 'Z') {
    const sign = tz.startsWith('-') ? -1 : 1;
    const digits = tz.slice(1).replace(':', '');
    offsetMinutes = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0'));
  }
  const parts = {
    y: Number(y),
    mo: Number(mo),
    d: Number(d),
    h: Number(h),
    mi: Number(mi),
    s: Number(s),
    ms: Number(frac.padEnd(3, '0').slice(0, 3)),
    offsetMinutes,
  };
  // Reject 2013-02-30, 25:00 and the like: Date.UTC would roll them over.
  const check = new Date(Date.UTC(parts.y, parts.mo - 1, parts.d, parts.h, parts.mi, parts.s));
  if (
    check.getUTCFullYear() !== parts.y ||
    check.getUTCMonth() !== parts.mo - 1 ||
    check.getUTCDate() !== parts.d ||
    check.getUTCHours() !== parts.h ||
    check.getUTCMinutes() !== parts.mi
  )
    return null;
  return parts;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** Formats a UTC instant the way Python's datetime.isoformat() does for UTC values. */
export function formatUtc(ms: number): string {
  const d = new Date(ms);
  const frac = d.getUTCMilliseconds() ? `.${pad(d.getUTCMilliseconds(), 3)}000` : '';
  return (
    `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}` +
    `T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}${frac}+00:00`
  );
}

/** Parses an ISO 8601 date or date-time into epoch milliseconds (UTC when no offset); null if invalid. */
export function parseDateTime(value: string): number | null {
  const p = parseIso(value);
  if (!p) return null;
  return Date.UTC(p.y, p.mo - 1, p.d, p.h, p.mi, p.s, p.ms) - p.offsetMinutes * 60_000;
}

export const dateTimeType = defineFieldType({
  factory: 'Date/Time',
  parse(schema, value) {
    if (typeof value !== 'string') return fail(`Invalid date: ${JSON.stringify(value)}`);
    const ms = parseDateTime(value);
    if (ms === null) return fail(`Invalid date: ${value}`);
    const iso = formatUtc(ms);
    checkRange(schema, iso);
    return iso;
  },
});

export const dateType = defineFieldType({
  factory: 'Date',
  parse(schema, value) {
    if (typeof value !== 'string') return fail(`Invalid date: ${JSON.stringify(value)}`);
    // Like plone.restapi: the calendar date as written, no time zone shifting.
    const p = parseIso(value);
    if (!p) return fail(`Invalid date: ${value}`);
    const iso = `${pad(p.y, 4)}-${pad(p.mo)}-${pad(p.d)}`;
    checkRange(schema, iso);
    return iso;
  },
});
