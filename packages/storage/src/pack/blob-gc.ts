// Collecting blobs nothing refers to, in both stores (database chunks and
// files), with their image scales and extracted texts.
//
// Kept: every blob whose hash appears in an object, a remaining revision, a
// user or a setting (references.ts), and the scales of those. A scale row
// whose source image is no longer referenced goes (scales are generated
// again on request), and with it, unless something else refers to it, its
// blob. Blobs younger than the grace period stay whatever refers to them: an
// upload is stored before the transaction that refers to it commits.
//
// Races with writers are closed by the stores themselves: storing bytes that
// exist already stamps the database row as new (db-store.ts) or replaces the
// file (a new mtime); a row is removed only while still old (one statement),
// and a file is first renamed aside, then looked at again: if an upload put
// it back meanwhile it is restored.
import { lstat, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { BLOB_CHUNK_BYTES, TEMP_PREFIX } from '../blobs/db-store.js';
import { type Db, inBatch, type PackTarget, slices } from './batch.js';
import { addAnyHashes, scanJson } from './references.js';
import { scanRows } from './scan.js';

const HASH = /^[0-9a-f]{64}$/;
const ASIDE = /^([0-9a-f]{64})\.\d+\.gc$/;
const HEX2 = /^[0-9a-f]{2}$/;
/** Chunks removed per batch (16 MiB). */
const CHUNKS_PER_BATCH = 64;

export interface BlobsCollected {
  /** Blobs removed (database rows and files) and their bytes. */
  blobs: number;
  bytes: number;
  /** Blobs kept because they are younger than the grace period. */
  young: number;
  /** Image scale rows whose source image nothing refers to any more. */
  scaleRows: number;
  /** Extracted texts of blobs that are gone. */
  texts: number;
  /** Leftovers of interrupted uploads (temporary chunks and files). */
  leftovers: number;
  /** Database blobs stored before their time was recorded: stamped now, collected by a later pack. */
  stamped: number;
}

/** The hashes stored data refers to (conservatively: any hash-shaped JSON string). */
export async function referencedHashes(
  db: Db,
  removed: (uid: string, tid: number) => boolean = () => false,
): Promise<Set<string>> {
  const out = new Set<string>();
  for (const table of ['objects', 'trash_objects', 'revisions', 'versions', 'users', 'settings'] as const)
    for await (const { json, key } of scanJson(db, table))
      if (table !== 'revisions' || !removed(key[0] as string, Number(key[1]))) addAnyHashes(json, out);
  return out;
}

export async function collectBlobs(
  target: PackTarget,
  opts: { graceCutoff: Date; dryRun?: boolean; removed?: (uid: string, tid: number) => boolean },
): Promise<BlobsCollected> {
  const { db } = target;
  const dryRun = opts.dryRun ?? false;
  const graceIso = opts.graceCutoff.toISOString();
  const graceMs = opts.graceCutoff.getTime();
  const done: BlobsCollected = {
    blobs: 0,
    bytes: 0,
    young: 0,
    scaleRows: 0,
    texts: 0,
    leftovers: 0,
    stamped: 0,
  };

  const keep = await referencedHashes(db, opts.removed);

  // Scales of images nothing refers to go; the others keep their blobs.
  const orphanSources = new Set<string>();
  const scaleBlobs: string[] = [];
  for await (const row of scaleRows(db)) {
    if (keep.has(row.source)) scaleBlobs.push(row.blob);
    else {
      orphanSources.add(row.source);
      done.scaleRows++;
    }
  }
  for (const b of scaleBlobs) keep.add(b);
  if (!dryRun)
    for (const sources of slices([...orphanSources], 100))
      await inBatch(target, (tx) => tx.deleteFrom('image_scales').where('source', 'in', sources).execute());

  await collectDbBlobs(target, keep, graceIso, dryRun, done);
  await collectLeftoverChunks(target, graceMs, dryRun, done);
  if (target.blobDir) await collectFiles(target.blobDir, keep, graceMs, dryRun, done);
  await collectTexts(target, keep, dryRun, done);
  return done;
}

function scaleRows(db: Db) {
  return scanRows<{ source: string; scale_key: string; blob: string }>(
    db,
    'image_scales',
    ['blob'],
    ['source', 'scale_key'],
  );
}

async function collectDbBlobs(
  target: PackTarget,
  keep: ReadonlySet<string>,
  graceIso: string,
  dryRun: boolean,
  done: BlobsCollected,
) {
  const { db } = target;
  let after = '';
  for (;;) {
    const rows = await db
      .selectFrom('blobs')
      .select(['hash', 'size', 'created'])
      .where('hash', '>', after)
      .orderBy('hash')
      .limit(500)
      .execute();
    if (rows.length === 0) return;
    after = rows[rows.length - 1].hash;
    const unstamped: string[] = [];
    for (const row of rows) {
      if (keep.has(row.hash)) continue;
      if (row.created === null) {
        unstamped.push(row.hash);
        continue;
      }
      if (row.created >= graceIso) {
        done.young++;
        continue;
      }
      const size = Number(row.size);
      if (dryRun) {
        done.blobs++;
        done.bytes += size;
        continue;
      }
      // The row goes first, only if still old (a new upload of the same bytes
      // stamps it), with the first chunks; any others in later batches.
      const removed = await inBatch(target, async (tx) => {
        const r = await tx
          .deleteFrom('blobs')
          .where('hash', '=', row.hash)
          .where('created', '<', graceIso)
          .executeTakeFirst();
        if (Number(r.numDeletedRows) === 0) return false;
        await tx
          .deleteFrom('blob_chunks')
          .where('hash', '=', row.hash)
          .where('seq', '<', CHUNKS_PER_BATCH)
          .execute();
        return true;
      });
      if (!removed) {
        done.young++;
        continue;
      }
      done.blobs++;
      done.bytes += size;
      if (size > CHUNKS_PER_BATCH * BLOB_CHUNK_BYTES) await removeChunks(target, row.hash);
    }
    done.stamped += unstamped.length;
    if (unstamped.length && !dryRun) {
      const now = new Date().toISOString();
      await inBatch(target, (tx) =>
        tx
          .updateTable('blobs')
          .set({ created: now })
          .where('hash', 'in', unstamped)
          .where('created', 'is', null)
          .execute(),
      );
    }
  }
}

/**
 * The chunks of a blob whose row is gone, a few per transaction; none while
 * a row for the hash exists (the same bytes stored again meanwhile).
 */
async function removeChunks(target: PackTarget, hash: string) {
  for (;;) {
    const more = await inBatch(target, async (tx) => {
      const seqs = await tx
        .selectFrom('blob_chunks')
        .select('seq')
        .where('hash', '=', hash)
        .orderBy('seq')
        .limit(CHUNKS_PER_BATCH)
        .execute();
      if (seqs.length === 0) return false;
      const r = await tx
        .deleteFrom('blob_chunks')
        .where('hash', '=', hash)
        .where(
          'seq',
          'in',
          seqs.map((c) => c.seq),
        )
        .where((eb) =>
          eb.not(eb.exists(eb.selectFrom('blobs').select('blobs.hash').where('blobs.hash', '=', hash))),
        )
        .executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    });
    if (!more) return;
  }
}

/**
 * Chunks under no blob: temporary keys of uploads that died (older than the
 * grace period; keys without a time, from before it was recorded, stay), and
 * chunks whose blob row is gone (an interrupted pack).
 */
async function collectLeftoverChunks(
  target: PackTarget,
  graceMs: number,
  dryRun: boolean,
  done: BlobsCollected,
) {
  const { db } = target;
  const keys = await db
    .selectFrom('blob_chunks')
    .select('hash')
    .distinct()
    .where((eb) =>
      eb.not(
        eb.exists(
          eb.selectFrom('blobs').select('blobs.hash').whereRef('blobs.hash', '=', 'blob_chunks.hash'),
        ),
      ),
    )
    .execute();
  for (const { hash } of keys) {
    if (hash.startsWith(TEMP_PREFIX)) {
      const at = /^tmp-(\d{13})-/.exec(hash);
      if (!at || Number(at[1]) >= graceMs) continue;
    } else {
      // A blob being stored renames its chunks and inserts its row in one transaction.
      const row = await db.selectFrom('blobs').select('hash').where('hash', '=', hash).executeTakeFirst();
      if (row) continue;
    }
    done.leftovers++;
    if (!dryRun) await removeChunks(target, hash);
  }
}

async function entries(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}

async function mtimeOf(path: string): Promise<{ mtime: number; size: number } | undefined> {
  try {
    const s = await lstat(path);
    return { mtime: s.mtimeMs, size: s.size };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

async function collectFiles(
  dir: string,
  keep: ReadonlySet<string>,
  graceMs: number,
  dryRun: boolean,
  done: BlobsCollected,
) {
  for (const a of await entries(dir)) {
    if (a === 'tmp') {
      // Uploads under way write their temporary file continuously.
      for (const name of await entries(join(dir, a))) {
        const path = join(dir, a, name);
        const s = await mtimeOf(path);
        if (!s || s.mtime >= graceMs) continue;
        done.leftovers++;
        if (!dryRun) await rm(path, { force: true });
      }
      continue;
    }
    if (!HEX2.test(a)) continue;
    for (const b of await entries(join(dir, a))) {
      if (!HEX2.test(b)) continue;
      const sub = join(dir, a, b);
      for (const name of await entries(sub)) {
        const path = join(sub, name);
        const aside = ASIDE.exec(name);
        if (aside) {
          // Set aside by a pack that stopped halfway: nothing referred to it then.
          const s = await mtimeOf(path);
          if (s && s.mtime < graceMs && !keep.has(aside[1]) && !dryRun) await rm(path, { force: true });
          continue;
        }
        if (!HASH.test(name) || keep.has(name)) continue;
        const s = await mtimeOf(path);
        if (!s) continue;
        if (s.mtime >= graceMs) {
          done.young++;
          continue;
        }
        if (dryRun) {
          done.blobs++;
          done.bytes += s.size;
          continue;
        }
        if (await removeFile(path, graceMs)) {
          done.blobs++;
          done.bytes += s.size;
        } else done.young++;
      }
    }
  }
}

/**
 * Removes an old blob file unless an upload stores the same bytes at this
 * very moment: set aside first, looked at again, restored if it is new.
 */
async function removeFile(path: string, graceMs: number): Promise<boolean> {
  const aside = `${path}.${process.pid}.gc`;
  try {
    await rename(path, aside);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
  const s = await stat(aside);
  if (s.mtimeMs >= graceMs) {
    // Stored again just now: put it back (unless yet another copy is in place already).
    if (!(await mtimeOf(path))) await rename(aside, path);
    else await rm(aside, { force: true });
    return false;
  }
  await rm(aside, { force: true });
  return true;
}

/** Extracted texts of blobs nothing refers to and no store holds. */
async function collectTexts(
  target: PackTarget,
  keep: ReadonlySet<string>,
  dryRun: boolean,
  done: BlobsCollected,
) {
  const { db } = target;
  let after = '';
  for (;;) {
    const rows = await db
      .selectFrom('blob_texts')
      .select('hash')
      .where('hash', '>', after)
      .orderBy('hash')
      .limit(500)
      .execute();
    if (rows.length === 0) return;
    after = rows[rows.length - 1].hash;
    const candidates = rows.map((r) => r.hash).filter((h) => !keep.has(h));
    if (candidates.length === 0) continue;
    const inDb = new Set(
      (await db.selectFrom('blobs').select('hash').where('hash', 'in', candidates).execute()).map(
        (r) => r.hash,
      ),
    );
    const gone: string[] = [];
    for (const h of candidates) {
      if (inDb.has(h)) continue;
      if (
        target.blobDir &&
        HASH.test(h) &&
        (await mtimeOf(join(target.blobDir, h.slice(0, 2), h.slice(2, 4), h)))
      )
        continue;
      gone.push(h);
    }
    done.texts += gone.length;
    if (gone.length && !dryRun)
      await inBatch(target, (tx) => tx.deleteFrom('blob_texts').where('hash', 'in', gone).execute());
  }
}
