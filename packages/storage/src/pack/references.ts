// What refers to blobs, and how to find it in stored JSON.
//
// File and Image field values keep `blob: <sha256>` (core/content/blobs.ts),
// on any type and at any depth (blocks, TTW types); user portraits keep
// `hash: <sha256>` in the user's properties. Rather than a list of types and
// fields, which a TTW type or a new feature would outgrow, the scans read the
// JSON text itself:
// - collection (pack) is conservative: any JSON string that is exactly a
//   64-hex-digit hash, anywhere in objects, trashed objects, revisions,
//   versions, users and settings,
//   keeps the blob of that hash. A false match only keeps some bytes.
// - checking is precise: only `blob` (content) and `hash` (portraits) values
//   count as references that must resolve.
import type { Db } from './batch.js';
import { scanRows } from './scan.js';

const ANY_HASH = /"([0-9a-f]{64})"/g;
const BLOB_KEY = /"blob"\s*:\s*"([0-9a-f]{64})"/g;

/** Adds every 64-hex-digit JSON string in `json` to `into`. */
export function addAnyHashes(json: string | null | undefined, into: Set<string>) {
  if (!json) return;
  for (const m of json.matchAll(ANY_HASH)) into.add(m[1]);
}

/** A file value that must resolve: its blob and the size the value records. */
export interface FileRef {
  hash: string;
  size: number | undefined;
}

/** The file values (`{blob, size, …}`) anywhere in a JSON document. */
export function fileRefs(json: string): FileRef[] {
  // Cheap test first: most documents hold no file.
  BLOB_KEY.lastIndex = 0;
  if (!BLOB_KEY.test(json)) return [];
  const out: FileRef[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) {
      for (const item of v) walk(item);
    } else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (typeof o.blob === 'string' && /^[0-9a-f]{64}$/.test(o.blob))
        out.push({ hash: o.blob, size: typeof o.size === 'number' ? o.size : undefined });
      for (const value of Object.values(o)) walk(value);
    }
  };
  walk(JSON.parse(json));
  return out;
}

/** A portrait in a user's properties: `{portrait: {hash, size, …}}`. */
export function portraitRef(json: string | null): FileRef | undefined {
  if (!json) return undefined;
  const p = (JSON.parse(json) as { portrait?: { hash?: unknown; size?: unknown } }).portrait;
  if (!p || typeof p.hash !== 'string' || !/^[0-9a-f]{64}$/.test(p.hash)) return undefined;
  return { hash: p.hash, size: typeof p.size === 'number' ? p.size : undefined };
}

type Scanned = 'objects' | 'trash_objects' | 'revisions' | 'versions' | 'users' | 'settings';

/** The key and JSON columns scanned in each table (and what else callers name rows by). */
const SCANS: Record<
  Scanned,
  { keys: readonly [string] | readonly [string, string]; json: string; more: string[] }
> = {
  objects: { keys: ['uid'], json: 'data', more: ['path'] },
  // Trashed objects keep their blobs until purged (docs/trash.md).
  trash_objects: { keys: ['uid'], json: 'data', more: ['path'] },
  revisions: { keys: ['uid', 'tid'], json: 'data', more: ['path'] },
  // Versions outlive packed revisions: their files must stay.
  versions: { keys: ['uid', 'version'], json: 'data', more: ['path'] },
  users: { keys: ['id'], json: 'properties', more: [] },
  settings: { keys: ['key'], json: 'value', more: [] },
};

/** Every row's JSON column of a table, a page at a time (scan.ts). */
export async function* scanJson(
  db: Db,
  table: Scanned,
): AsyncGenerator<{ key: unknown[]; json: string | null; row: Record<string, unknown> }> {
  const { keys, json, more } = SCANS[table];
  for await (const row of scanRows<Record<string, unknown>>(db, table, [json, ...more], keys))
    yield { key: keys.map((k) => row[k]), json: row[json] as string | null, row };
}
