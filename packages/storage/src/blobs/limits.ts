import { TesseraError } from '@tessera/core';

export function tooLarge(maxBytes: number) {
  return new TesseraError('RequestEntityTooLarge', `The file is larger than the limit of ${maxBytes} bytes.`);
}
