// Helpers for the backup and convert tests: the real `tessera` command run
// asynchronously (so writes in this process go on meanwhile), content made
// through a real server's REST API, and sites' rows read for comparison.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createMysqlDatabase,
  createPostgresDatabase,
  type TestDatabase,
} from '@tessera/storage/test-databases';
import { ADMIN_PASSWORD, adminAuth } from './http.js';

export { call } from './http.js';
export { runTessera as tessera } from './process.js';
export const PASSWORD = ADMIN_PASSWORD;

export async function download(base: string, path: string): Promise<Buffer> {
  const r = await fetch(`${base}${path}/@@download/file`, { headers: { authorization: adminAuth } });
  if (r.status !== 200) throw new Error(`download ${path}: ${r.status}`);
  return Buffer.from(await r.arrayBuffer());
}

export const newDocument = (id: string, words: string) => ({
  '@type': 'Document',
  id,
  title: `Document ${id}`,
  description: words,
});

export const newFile = (id: string, bytes: Buffer) => ({
  '@type': 'File',
  id,
  title: `File ${id}`,
  file: {
    data: bytes.toString('base64'),
    encoding: 'base64',
    filename: `${id}.bin`,
    'content-type': 'application/octet-stream',
  },
});

export interface Site {
  kind: 'sqlite' | 'postgres' | 'mysql';
  /** CLI flags naming it. */
  flags: string[];
  /** Environment for `tessera serve`. */
  env: Record<string, string>;
  /** For openStorage(). */
  db: string;
  data: string;
  /** Deletes it (drops the database, removes the directory). */
  wipe(): Promise<void>;
}

/** An empty place for a site: a temporary data directory, or a throwaway database. */
export async function emptySite(kind: Site['kind']): Promise<Site> {
  const data = mkdtempSync(join(tmpdir(), 'tessera-ops-'));
  let db: TestDatabase | undefined;
  if (kind === 'postgres') db = await createPostgresDatabase();
  if (kind === 'mysql') db = await createMysqlDatabase();
  const url = db?.url ?? '';
  return {
    kind,
    flags: db ? ['--db', url, '--data', data] : ['--data', data],
    env: { TESSERA_DATA: data, TESSERA_ADMIN_PASSWORD: PASSWORD, ...(db ? { TESSERA_DB: url } : {}) },
    db: url,
    data,
    async wipe() {
      await db?.drop();
      rmSync(data, { recursive: true, force: true });
    },
  };
}

export const randomFile = (n: number) => randomBytes(n);
