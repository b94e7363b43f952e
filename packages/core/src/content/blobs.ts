// File and Image field values keep their bytes out of the object's JSON: on
// write the base64 `data` moves to the content-addressed blob store and the
// value keeps only `blob: <sha256>` (plus size, type, name, pixel size).
import type { WriteTx } from '../ports/storage.js';
import type { StoredFile } from '../types/index.js';
import type { TypeInfo } from './type-registry.js';

const NAMED_FILE_FACTORIES = new Set(['File', 'Image', 'File Upload', 'Named Blob File', 'Named Blob Image']);

// A TypeInfo is immutable (an edited type is a new TypeInfo): compute once per type.
const fileFieldsOf = new WeakMap<TypeInfo, string[]>();

export function fileFieldNames(info: TypeInfo): readonly string[] {
  let names = fileFieldsOf.get(info);
  if (!names) {
    names = [...info.fields]
      .filter(([, f]) => NAMED_FILE_FACTORIES.has(f.schema.factory ?? ''))
      .map(([name]) => name);
    fileFieldsOf.set(info, names);
  }
  return names;
}

export async function externalizeBlobs(
  tx: WriteTx,
  info: TypeInfo,
  values: Record<string, unknown>,
  maxBytes?: number,
) {
  for (const name of fileFieldNames(info)) {
    const value = values[name] as StoredFile | null | undefined;
    if (!value || typeof value.data !== 'string') continue;
    const { hash, size } = await tx.putBlob(Buffer.from(value.data, 'base64'), { maxBytes });
    const { data: _data, ...rest } = value;
    values[name] = { ...rest, blob: hash, size };
  }
}
