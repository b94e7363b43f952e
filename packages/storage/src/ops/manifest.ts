// The manifest of a backup (manifest.json): what it holds and how to check
// it. A backup directory is complete when it has a manifest under its final
// name; it is written last, under a temporary directory name renamed at the end.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TableChecksum } from './checksums.js';
import { exists, type FileFacts, hashFile } from './files.js';
import type { TableSpec } from './tables.js';

export const MANIFEST = 'manifest.json';
export const FORMAT = 'tessera-backup';
export const FORMAT_VERSION = 1;

export interface Manifest {
  format: typeof FORMAT;
  version: number;
  /** When the snapshot was taken (ISO 8601, UTC). */
  created: string;
  /** The database the backup was taken from. */
  dialect: 'sqlite' | 'postgres' | 'mysql';
  /**
   * 'sqlite-file': a copy of the SQLite database (`tessera.db`, made with
   * VACUUM INTO); 'rows': every table as rows (`tables/<name>.ndjson`).
   */
  kind: 'sqlite-file' | 'rows';
  /** The newest transaction in the snapshot: everything up to it, nothing after. */
  lastTid: number;
  migrations: string[];
  tables: Record<string, TableChecksum>;
  /** The tables' keys and columns (kind 'rows': how to read the files back). */
  specs: TableSpec[];
  /** Every file except blobs, by path relative to the backup. */
  files: Record<string, FileFacts>;
  /**
   * Every blob of the site: 'backup' ones are files blobs/ab/cd/<sha256>,
   * 'database' ones are inside the SQLite copy.
   */
  blobs: Array<{ hash: string; size: number; in: 'backup' | 'database' }>;
  /** Blobs hard-linked from the previous backup rather than copied. */
  linked: number;
}

export const blobPath = (dir: string, hash: string) =>
  join(dir, 'blobs', hash.slice(0, 2), hash.slice(2, 4), hash);

/** Backup names: the snapshot time, sortable, safe in file names. */
export const backupName = (d: Date) => d.toISOString().replaceAll(':', '-');
const NAME = /^\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d\.\d{3}Z$/;

export function readManifest(dir: string): Manifest {
  const file = join(dir, MANIFEST);
  let m: Manifest;
  try {
    m = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`${file}: not a readable backup manifest (${(err as Error).message})`);
  }
  if (m.format !== FORMAT) throw new Error(`${file}: not a tessera backup manifest`);
  if (m.version > FORMAT_VERSION)
    throw new Error(
      `${file}: backup format ${m.version} is newer than this tessera reads (${FORMAT_VERSION})`,
    );
  return m;
}

/** The complete backups under `root`, oldest first. */
export function listBackups(root: string): Array<{ name: string; dir: string }> {
  if (!existsSync(root)) return [];
  return readdirSync(root)
    .filter((n) => NAME.test(n) && existsSync(join(root, n, MANIFEST)))
    .sort()
    .map((name) => ({ name, dir: join(root, name) }));
}

/**
 * The backup to restore: `from` itself when it is one backup, else the newest
 * complete backup under it taken at or before `date`.
 */
export function pickBackup(from: string, date?: Date): { dir: string; manifest: Manifest } {
  if (existsSync(join(from, MANIFEST))) {
    const manifest = readManifest(from);
    if (date && new Date(manifest.created) > date)
      throw new Error(`${from} was taken at ${manifest.created}, after ${date.toISOString()}`);
    return { dir: from, manifest };
  }
  const all = listBackups(from);
  if (!all.length) throw new Error(`no complete backup in ${from}`);
  for (let i = all.length - 1; i >= 0; i--) {
    const manifest = readManifest(all[i]!.dir);
    if (!date || new Date(manifest.created) <= date) return { dir: all[i]!.dir, manifest };
  }
  throw new Error(
    `no backup in ${from} was taken at or before ${date!.toISOString()} (oldest: ${all[0]!.name})`,
  );
}

/** Checks every file and blob of a backup against its manifest; returns the problems. */
export async function checkBackupFiles(dir: string, m: Manifest): Promise<string[]> {
  const problems: string[] = [];
  for (const [path, want] of Object.entries(m.files)) {
    const file = join(dir, path);
    if (!(await exists(file))) {
      problems.push(`${path}: missing`);
      continue;
    }
    const got = await hashFile(file);
    if (got.sha256 !== want.sha256 || got.size !== want.size) problems.push(`${path}: checksum mismatch`);
  }
  for (const b of m.blobs) {
    if (b.in !== 'backup') continue;
    const file = blobPath(dir, b.hash);
    if (!(await exists(file))) {
      problems.push(`blob ${b.hash}: missing`);
      continue;
    }
    const got = await hashFile(file);
    if (got.sha256 !== b.hash || got.size !== b.size) problems.push(`blob ${b.hash}: checksum mismatch`);
  }
  return problems;
}
