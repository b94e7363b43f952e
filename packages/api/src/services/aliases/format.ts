// The wire forms of a redirect in @aliases: JSON items, CSV rows, and the
// dates both take ("2022-05-05", "2022/01/01 00:00:00 GMT+0", ISO).
import { badRequest, type RedirectRecord } from '@tessera/core';
import { csvLine } from '../users/csv.js';

/** plone.restapi's `datetime`: the UTC time without zone, to the second. */
const isoSeconds = (iso: string) => new Date(iso).toISOString().slice(0, 19);

export function aliasItem(r: RedirectRecord) {
  return {
    datetime: isoSeconds(r.created),
    manual: r.manual,
    path: r.path,
    'redirect-to': r.targetPath,
  };
}

export const CSV_HEADER = ['old path', 'new path', 'datetime', 'manual'];

export function aliasCsvRow(r: RedirectRecord): string {
  const when = isoSeconds(r.created).replace(/-/g, '/').replace('T', ' ');
  return csvLine([r.path, r.targetPath, `${when} GMT+0`, r.manual ? 'True' : 'False']);
}

/** A date an editor sent, as an ISO string; `now` when absent. */
export function parseAliasDate(value: unknown, now: Date): string {
  if (value === undefined || value === null || value === '') return now.toISOString();
  if (typeof value !== 'string') throw badRequest('datetime must be a string.');
  const m =
    /^(\d{4})[-/](\d{2})[-/](\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?\s*(?:GMT([+-]\d{1,2})?|Z|UTC)?$/.exec(
      value.trim(),
    );
  const ms = m
    ? Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0)) -
      Number(m[7] ?? 0) * 3_600_000
    : Date.parse(value);
  if (Number.isNaN(ms)) throw badRequest(`Invalid datetime "${value}".`);
  return new Date(ms).toISOString();
}

/** An alias path as stored: site-relative, one leading slash, no trailing one. */
export function aliasPath(value: unknown, field = 'path'): string {
  if (typeof value !== 'string' || !value.trim()) throw badRequest(`Every item needs a "${field}".`);
  let p = value.trim().split(/[?#]/, 1)[0]!;
  if (!p.startsWith('/')) p = `/${p}`;
  p = p.replace(/\/+$/, '');
  if (
    !p ||
    p
      .split('/')
      .slice(1)
      .some((s) => s === '' || s === '.' || s === '..' || s.startsWith('@'))
  )
    throw badRequest(`"${value}" is not a valid path.`);
  return p;
}
