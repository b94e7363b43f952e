import type { Hash } from 'node:crypto';
import { TesseraError } from '@tessera/core';

export function tooLarge(maxBytes: number) {
  return new TesseraError('RequestEntityTooLarge', `The file is larger than the limit of ${maxBytes} bytes.`);
}

/**
 * The parts of a blob on their way into a store, hashed and counted as they
 * pass (`seen.size`); refused (413) as soon as they exceed `maxBytes`.
 */
export async function* measured(
  source: AsyncIterable<Uint8Array> | Uint8Array,
  hasher: Hash,
  seen: { size: number },
  maxBytes?: number,
): AsyncGenerator<Uint8Array> {
  const parts = source instanceof Uint8Array ? [source] : source;
  for await (const part of parts) {
    seen.size += part.byteLength;
    if (maxBytes !== undefined && seen.size > maxBytes) throw tooLarge(maxBytes);
    hasher.update(part);
    yield part;
  }
}
