// Unfinished TUS uploads, on disk under <data>/tus: `<id>.json` (who started
// it, where, what it is) and `<id>.bin` (the bytes received so far). Nothing
// is in memory or in the database, so an upload survives a dropped
// connection and a restart of the process. The offset is the data file's
// size; an upload expires a lifetime after its last chunk (the file's mtime).
// With several backend hosts this directory must be shared (or routing
// sticky): the chunks of one upload may reach different hosts.
import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { tusError } from './protocol.js';

export interface UploadMeta {
  id: string;
  /** create: a new File/Image in the context folder; replace: the context's file field. */
  mode: 'create' | 'replace';
  /** UID of the object the upload was started on; other URLs do not find it. */
  context: string;
  /** Principal id that started it (null: Anonymous); nobody else may continue it. */
  owner: string | null;
  length: number;
  filename: string | null;
  contentType: string | null;
  /** Portal type to create (create mode). */
  type: string | null;
  /** File field to fill. */
  field: string;
  created: string;
}

export interface UploadState {
  meta: UploadMeta;
  offset: number;
  /** Epoch ms after which the upload is dropped. */
  expires: number;
}

const ID = /^[0-9a-f]{32}$/;
const SWEEP_EVERY_MS = 60_000;

export class UploadStore {
  /** Uploads a request of this process is writing to or finishing. */
  private readonly busy = new Set<string>();
  private lastSweep = 0;

  constructor(
    readonly dir: string,
    private readonly lifetimeMs: number,
  ) {}

  dataPath(id: string) {
    return join(this.dir, `${id}.bin`);
  }

  private metaPath(id: string) {
    return join(this.dir, `${id}.json`);
  }

  async create(fields: Omit<UploadMeta, 'id' | 'created'>): Promise<UploadState> {
    await mkdir(this.dir, { recursive: true });
    void this.sweepSoon();
    // 128 random bits: the id is the only thing between a stranger and the upload URL.
    const meta: UploadMeta = {
      id: randomBytes(16).toString('hex'),
      ...fields,
      created: new Date().toISOString(),
    };
    await (await open(this.dataPath(meta.id), 'wx')).close();
    // Written aside and renamed: a crash never leaves half a metadata file.
    const tmp = `${this.metaPath(meta.id)}.tmp`;
    await writeFile(tmp, JSON.stringify(meta), { flag: 'wx' });
    await rename(tmp, this.metaPath(meta.id));
    return { meta, offset: 0, expires: Date.now() + this.lifetimeMs };
  }

  /** The upload, or undefined when the id is unknown, malformed or expired (then it is removed). */
  async get(id: string): Promise<UploadState | undefined> {
    if (!ID.test(id)) return undefined;
    let meta: UploadMeta;
    let size: number;
    let mtime: number;
    try {
      meta = JSON.parse(await readFile(this.metaPath(id), 'utf8'));
      const s = await stat(this.dataPath(id));
      size = s.size;
      mtime = s.mtimeMs;
    } catch {
      return undefined;
    }
    const expires = mtime + this.lifetimeMs;
    if (expires < Date.now() && !this.busy.has(id)) {
      await this.remove(id);
      return undefined;
    }
    return { meta, offset: size, expires };
  }

  /** Claims an upload for one request of this process; a second concurrent request gets 409. */
  lock(id: string): () => void {
    if (this.busy.has(id)) throw tusError('Conflict', 'Another request is writing to this upload.');
    this.busy.add(id);
    let held = true;
    return () => {
      if (held) this.busy.delete(id);
      held = false;
    };
  }

  /**
   * Appends the request body at `offset` (the caller holds the lock and has
   * checked the offset), at most `room` bytes. Streams chunk by chunk: memory
   * stays flat whatever the size. A body that would overflow the declared
   * length is refused and its bytes are taken back; a dropped connection
   * keeps what arrived (that is what resuming is for). Returns the new offset.
   */
  async append(id: string, offset: number, source: Readable, room: number): Promise<number> {
    const fh = await open(this.dataPath(id), 'r+');
    let written = 0;
    let overflow = false;
    try {
      // destroyOnReturn false: stopping early must not close the socket the 413 goes out on.
      for await (const chunk of source.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>) {
        if (written + chunk.length > room) {
          overflow = true;
          break;
        }
        await fh.write(chunk, 0, chunk.length, offset + written);
        written += chunk.length;
      }
      if (overflow) await fh.truncate(offset);
    } finally {
      // Also after a dropped connection: the offset HEAD reports (the file's
      // size) must not run ahead of what a power cut keeps.
      await fh.sync().catch(() => {});
      await fh.close();
    }
    if (overflow) {
      source.resume(); // drain the rest; the connection stays usable
      throw tusError('RequestEntityTooLarge', 'The chunk goes past the Upload-Length of the upload.');
    }
    return offset + written;
  }

  async remove(id: string) {
    if (!ID.test(id)) return;
    await rm(this.metaPath(id), { force: true });
    await rm(this.dataPath(id), { force: true });
  }

  /** Drops expired uploads, at most once a minute (called when uploads start). */
  async sweepSoon(now = Date.now()) {
    if (now - this.lastSweep < SWEEP_EVERY_MS) return;
    this.lastSweep = now;
    await this.sweep(now).catch(() => {});
  }

  async sweep(now = Date.now()) {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch {
      return;
    }
    const ids = new Set(names.map((n) => n.slice(0, 32)).filter((id) => ID.test(id)));
    for (const id of ids) {
      if (this.busy.has(id)) continue;
      // The data file's mtime is the last chunk; without one, whatever is left.
      const times = await Promise.all(
        names
          .filter((n) => n.startsWith(id))
          .map((n) =>
            stat(join(this.dir, n)).then(
              (s) => s.mtimeMs,
              () => 0,
            ),
          ),
      );
      const last = await stat(this.dataPath(id)).then(
        (s) => s.mtimeMs,
        () => Math.max(...times),
      );
      if (last + this.lifetimeMs < now) {
        for (const n of names.filter((n) => n.startsWith(id))) await rm(join(this.dir, n), { force: true });
      }
    }
  }
}
