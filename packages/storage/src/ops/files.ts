// File helpers for backups: writing with a running sha256, hashing,
// copying or hard-linking content-addressed blobs, fsync.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { copyFile, link, mkdir, open, rename, stat } from 'node:fs/promises';
import { dirname } from 'node:path';

export interface FileFacts {
  sha256: string;
  size: number;
}

/** Writes text or bytes to a new file, fsync'ed, returning its sha256 and size. */
export async function writeHashed(
  path: string,
  parts: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>,
): Promise<FileFacts> {
  await mkdir(dirname(path), { recursive: true });
  const fh = await open(path, 'wx');
  const h = createHash('sha256');
  let size = 0;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  const flush = async () => {
    if (!pendingBytes) return;
    const buf = Buffer.concat(pending);
    pending = [];
    pendingBytes = 0;
    await fh.write(buf);
  };
  try {
    for await (const part of parts) {
      const buf =
        typeof part === 'string'
          ? Buffer.from(part)
          : Buffer.from(part.buffer, part.byteOffset, part.byteLength);
      h.update(buf);
      size += buf.length;
      pending.push(buf);
      pendingBytes += buf.length;
      if (pendingBytes >= 1 << 20) await flush();
    }
    await flush();
    await fh.sync();
  } finally {
    await fh.close();
  }
  return { sha256: h.digest('hex'), size };
}

export async function hashFile(path: string): Promise<FileFacts> {
  const h = createHash('sha256');
  let size = 0;
  for await (const part of createReadStream(path, { highWaterMark: 1 << 20 })) {
    h.update(part as Buffer);
    size += (part as Buffer).length;
  }
  return { sha256: h.digest('hex'), size };
}

export async function fsyncPath(path: string): Promise<void> {
  const fh = await open(path, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

export async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * Puts a copy of `from` at `to`: a hard link when `linkFrom` (the same
 * content in an earlier backup) exists and has the expected size, else a
 * copy checked against `expect`. Returns whether it linked.
 */
export async function placeFile(
  from: string,
  to: string,
  expect: FileFacts,
  linkFrom?: string,
): Promise<boolean> {
  await mkdir(dirname(to), { recursive: true });
  if (linkFrom && (await tryLink(linkFrom, to, expect.size))) return true;
  const tmp = `${to}.tmp`;
  await copyFile(from, tmp);
  const got = await hashFile(tmp);
  if (got.sha256 !== expect.sha256)
    throw new Error(
      `${from} changed or is damaged: its sha256 is ${got.sha256}, its name says ${expect.sha256}`,
    );
  await fsyncPath(tmp);
  await rename(tmp, to);
  return false;
}

/** Hard-links `from` (of `size` bytes) to `to`; false when it is not there or cannot be linked. */
export async function tryLink(from: string, to: string, size: number): Promise<boolean> {
  try {
    if ((await stat(from)).size !== size) return false;
    await mkdir(dirname(to), { recursive: true });
    await link(from, to);
    return true;
  } catch {
    // Not there, or on another file system: the caller copies instead.
    return false;
  }
}
