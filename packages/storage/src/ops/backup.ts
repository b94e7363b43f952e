// `tessera backup`: an online, consistent backup of a site into
// <root>/<snapshot time>/ — see docs/backup.md and
// docs/decisions/0019-backup-and-convert.md.
//   SQLite: VACUUM INTO a new file (one read transaction: a consistent
//   snapshot that never blocks the writer), then the blob files.
//   PostgreSQL / MariaDB: every table as rows, read in one REPEATABLE READ
//   transaction, checksummed as written; blobs the database holds are read
//   in the same snapshot and written as files; blob files follow.
// Blobs the previous backup has are hard-linked, not copied.
import { readdirSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { dbBlobs, fileBlobs } from './blob-places.js';
import { checksumSite, TableDigest } from './checksums.js';
import { withDbSnapshot } from './db-source.js';
import { type Endpoint, open, openSqliteReadOnly } from './endpoint.js';
import { fsyncPath, hashFile, placeFile, tryLink, writeHashed } from './files.js';
import {
  backupName,
  blobPath,
  FORMAT,
  FORMAT_VERSION,
  listBackups,
  MANIFEST,
  type Manifest,
} from './manifest.js';
import { appliedMigrations, siteTables } from './tables.js';

export interface BackupOptions {
  /** Keep this many complete backups (the newest); older ones are deleted. */
  keep?: number;
  onProgress?: (message: string) => void;
  /** The snapshot time (tests); default now. */
  now?: Date;
}

export interface BackupResult {
  dir: string;
  manifest: Manifest;
  removed: string[];
}

export async function backup(
  source: Endpoint,
  root: string,
  opts: BackupOptions = {},
): Promise<BackupResult> {
  await mkdir(root, { recursive: true });
  await removeAbandoned(root);
  const previous = listBackups(root).at(-1)?.dir;
  const created = opts.now ?? new Date();
  const name = backupName(created);
  const partial = join(root, `.partial-${name}-${process.pid}`);
  // A backup holds password hashes and the JWT signing secrets: only its owner may read it.
  await mkdir(partial, { mode: 0o700 });
  try {
    const manifest: Manifest = {
      format: FORMAT,
      version: FORMAT_VERSION,
      created: created.toISOString(),
      dialect: source.dialect,
      kind: source.dialect === 'sqlite' ? 'sqlite-file' : 'rows',
      lastTid: 0,
      migrations: [],
      tables: {},
      specs: [],
      files: {},
      blobs: [],
      linked: 0,
    };
    const linkOrCopy = async (hash: string, size: number, from: string) => {
      const linked = await placeFile(
        from,
        blobPath(partial, hash),
        { sha256: hash, size },
        previous && blobPath(previous, hash),
      );
      if (linked) manifest.linked++;
      manifest.blobs.push({ hash, size, in: 'backup' });
    };
    if (source.dialect === 'sqlite') await snapshotSqlite(source, partial, manifest);
    else await snapshotRows(source, partial, manifest, previous);
    opts.onProgress?.(`snapshot at transaction ${manifest.lastTid}`);
    // After the snapshot: every blob it references exists by now, and never changes.
    const seen = new Set(manifest.blobs.map((b) => b.hash));
    if (source.blobDir)
      for await (const b of fileBlobs(source.blobDir)) {
        if (seen.has(b.hash)) continue;
        await linkOrCopy(
          b.hash,
          b.size,
          join(source.blobDir, b.hash.slice(0, 2), b.hash.slice(2, 4), b.hash),
        );
      }
    opts.onProgress?.(`${manifest.blobs.length} blobs (${manifest.linked} linked from the previous backup)`);
    await writeHashed(join(partial, MANIFEST), [JSON.stringify(manifest, null, 1)]);
    await fsyncPath(partial);
    const dir = join(root, name);
    await rename(partial, dir);
    await fsyncPath(root);
    const removed = opts.keep ? await prune(root, opts.keep) : [];
    return { dir, manifest, removed };
  } catch (err) {
    await rm(partial, { recursive: true, force: true });
    throw err;
  }
}

async function snapshotSqlite(source: Endpoint, dir: string, manifest: Manifest) {
  const file = join(dir, 'tessera.db');
  const live = new SQLite(source.sqliteFile!, { fileMustExist: true });
  try {
    live.pragma('busy_timeout = 10000');
    live.prepare('VACUUM INTO ?').run(file);
  } finally {
    live.close();
  }
  await fsyncPath(file);
  const db = openSqliteReadOnly(file);
  try {
    const last = await sql<{ tid: number | null }>`select max(tid) as tid from transactions`.execute(db);
    manifest.lastTid = Number(last.rows[0]?.tid ?? 0);
    manifest.migrations = await appliedMigrations(db);
    manifest.specs = await siteTables(db);
    manifest.tables = await checksumSite(db, manifest.specs);
    for await (const b of dbBlobs(db)) manifest.blobs.push({ hash: b.hash, size: b.size, in: 'database' });
  } finally {
    await db.destroy();
  }
  manifest.files['tessera.db'] = await hashFile(file);
}

async function snapshotRows(source: Endpoint, dir: string, manifest: Manifest, previous: string | undefined) {
  const storage = open(source);
  try {
    await withDbSnapshot(storage.db, storage.caps, undefined, async (snap) => {
      manifest.lastTid = snap.lastTid;
      manifest.migrations = snap.migrations;
      manifest.specs = snap.tables;
      for (const spec of snap.tables) {
        const digest = new TableDigest();
        const path = `tables/${spec.name}.ndjson`;
        async function* lines() {
          for await (const values of snap.rows(spec)) {
            digest.add(values);
            yield `${JSON.stringify(values)}\n`;
          }
        }
        manifest.files[path] = await writeHashed(join(dir, path), lines());
        manifest.tables[spec.name] = digest.result();
      }
      // Blobs the database holds, from the same snapshot.
      for await (const b of dbBlobs(snap.trx)) {
        const target = blobPath(dir, b.hash);
        const linked = previous ? await tryLink(blobPath(previous, b.hash), target, b.size) : false;
        if (linked) manifest.linked++;
        else {
          const got = await writeHashed(`${target}.tmp`, snap.openBlob(b.hash));
          if (got.sha256 !== b.hash)
            throw new Error(`blob ${b.hash} in the database is damaged (reads as ${got.sha256})`);
          await rename(`${target}.tmp`, target);
        }
        manifest.blobs.push({ hash: b.hash, size: b.size, in: 'backup' });
      }
    });
  } finally {
    await storage.close();
  }
}

/** Deletes all but the newest `keep` complete backups; returns their names. */
export async function prune(root: string, keep: number): Promise<string[]> {
  const all = listBackups(root);
  const old = all.slice(0, Math.max(0, all.length - keep));
  for (const b of old) {
    // Renamed first, so a crash midway never leaves a backup that looks complete but is not.
    const doomed = join(root, `.deleting-${b.name}`);
    await rename(b.dir, doomed);
    await rm(doomed, { recursive: true, force: true });
  }
  return old.map((b) => b.name);
}

/** Partial backups of processes that are gone (crashed or killed), and interrupted deletions. */
async function removeAbandoned(root: string) {
  for (const n of readdirSync(root)) {
    const m = /^\.partial-.*-(\d+)$/.exec(n);
    const gone = m ? !alive(Number(m[1])) : n.startsWith('.deleting-');
    if (gone) await rm(join(root, n), { recursive: true, force: true });
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
