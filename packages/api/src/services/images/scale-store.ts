// Scales are made once and kept: looked up in the image_scales table (and a
// per-process memo, the rows never change), else rendered outside the
// request's transaction, stored as a blob plus a row, and served from the
// rendered bytes. Concurrent first requests in one process share one
// rendering; across processes the first row written wins (the others'
// blobs are identical or left for garbage collection).
import type { Readable } from 'node:stream';
import {
  FORMAT_TYPES,
  type ImageScaleRecord,
  type ReadTx,
  type ScaleFormat,
  type Size,
  type Storage,
  TesseraError,
} from '@tessera/core';
import { render } from './scaler.js';

export interface ScaleTarget {
  source: string;
  /** `<scaleHash>.<format>`: the row's key. */
  key: string;
  size: Size;
  format: ScaleFormat;
}

export interface ScaleLimits {
  quality: number;
  maxPixels: number;
  timeoutSeconds: number;
}

const MEMO_ENTRIES = 10_000;
const FAILED_ENTRIES = 1_000;
/** Sources larger than this are not read into memory to be scaled. */
const MAX_SOURCE_BYTES = 256 * 1024 * 1024;

const memo = new Map<string, ImageScaleRecord>();
const inflight = new Map<string, Promise<{ rec: ImageScaleRecord; data: Buffer }>>();
// A bad image fails the same way every time: remember it briefly rather than
// decode it again for every request.
const failed = new Map<string, { err: TesseraError; until: number }>();

const memoKey = (t: { source: string; key: string }) => `${t.source}/${t.key}`;

function remember<V>(map: Map<string, V>, key: string, value: V, max: number) {
  if (map.size >= max) map.delete(map.keys().next().value!);
  map.set(key, value);
}

/**
 * Forgets every remembered scale row. \`tessera pack\` may delete scale rows
 * and their blobs; it then commits a settings change, which every process
 * sees in Site.sync() and answers by calling this.
 */
export function forgetScaleMemo() {
  memo.clear();
  failed.clear();
}

/** The stored scale, if it was made already (by any process). */
export async function findScale(tx: ReadTx, t: ScaleTarget): Promise<ImageScaleRecord | undefined> {
  const k = memoKey(t);
  const hit = memo.get(k);
  if (hit) return hit;
  const rec = await tx.imageScale(t.source, t.key);
  if (rec) remember(memo, k, rec, MEMO_ENTRIES);
  return rec;
}

/**
 * Renders and stores a scale. `open` gives the source's bytes; it is called
 * only if this process is not rendering the same scale already.
 */
export function makeScale(
  storage: Storage,
  t: ScaleTarget,
  open: () => Promise<Readable>,
  limits: ScaleLimits,
): Promise<{ rec: ImageScaleRecord; data: Buffer }> {
  const k = memoKey(t);
  const bad = failed.get(k);
  if (bad && bad.until > Date.now()) return Promise.reject(bad.err);
  let job = inflight.get(k);
  if (!job) {
    job = (async () => {
      const input = await readAll(await open());
      const out = await render(input, { size: t.size, format: t.format, ...limits });
      const blob = await storage.putBlob(out.data);
      const rec = await storage.putImageScale({
        source: t.source,
        key: t.key,
        blob: blob.hash,
        width: out.width,
        height: out.height,
        contentType: FORMAT_TYPES[t.format],
        size: blob.size,
      });
      remember(memo, k, rec, MEMO_ENTRIES);
      return { rec, data: out.data };
    })();
    inflight.set(k, job);
    job.then(
      () => inflight.delete(k),
      (err) => {
        inflight.delete(k);
        if (err instanceof TesseraError && err.status < 500)
          remember(failed, k, { err, until: Date.now() + 60_000 }, FAILED_ENTRIES);
      },
    );
  }
  return job;
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += chunk.length;
    if (size > MAX_SOURCE_BYTES) {
      stream.destroy();
      throw new TesseraError('UnprocessableEntity', 'The image is too large to be scaled.');
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
