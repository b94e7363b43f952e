// plone.restapi's batching: b_start/b_size in, `batching` links out.
// https://6.docs.plone.org/plone.restapi/docs/source/usage/batching.html
import { badRequest } from '@tessera/core';

export interface Batch {
  start: number;
  size: number;
}

function intParam(value: unknown, name: string): number | undefined {
  if (value === undefined) return undefined;
  const v = Array.isArray(value) ? value[value.length - 1] : value;
  // An empty value is an unset one: Volto's URL-management form sends `b_size=`.
  if (v === '') return undefined;
  if (typeof v !== 'string' || !/^-?\d{1,9}$/.test(v)) throw badRequest(`${name} must be an integer.`);
  return Number(v);
}

export function readBatch(query: Record<string, unknown>, defaults: { size: number; max: number }): Batch {
  const start = intParam(query.b_start, 'b_start') ?? 0;
  let size = intParam(query.b_size, 'b_size') ?? defaults.size;
  if (start < 0) throw badRequest('b_start must not be negative.');
  if (size === -1) size = defaults.max; // Volto's "all" (b_size=-1), capped.
  if (size < 1) throw badRequest('b_size must be positive (or -1).');
  if (size > defaults.max) throw badRequest(`b_size must be at most ${defaults.max}.`);
  return { start, size };
}

/** The `batching` object, or undefined when everything fits in one page. */
export function batchingLinks(selfUrl: string, rawQuery: string, batch: Batch, total: number) {
  if (total <= batch.size && batch.start === 0) return undefined;
  const params = new URLSearchParams(rawQuery);
  params.delete('b_start');
  params.delete('b_size');
  const rest = params.toString();
  const link = (start: number) => `${selfUrl}?b_start=${start}&b_size=${batch.size}${rest ? `&${rest}` : ''}`;
  const lastStart = Math.max(0, Math.floor((total - 1) / batch.size) * batch.size);
  const out: Record<string, string> = {
    '@id': rawQuery ? `${selfUrl}?${rawQuery}` : selfUrl,
    first: link(0),
    last: link(lastStart),
  };
  if (batch.start + batch.size < total) out.next = link(batch.start + batch.size);
  if (batch.start > 0) out.prev = link(Math.max(0, batch.start - batch.size));
  return out;
}
