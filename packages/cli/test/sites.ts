// Sites for the pack and check tests: one per database (a temp data
// directory, plus a throwaway PostgreSQL or MariaDB database), the real
// `tessera` command run asynchronously (a server may be running meanwhile),
// and REST calls as admin.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { blobDirOf, type KyselyStorage, openStorage } from '@tessera/storage';
import { createMysqlDatabase, createPostgresDatabase } from '@tessera/storage/test-databases';
import { BIN } from './process.js';

export const PASSWORD = 'pack-test-password';
export const KINDS = ['sqlite', 'postgres', 'mysql'] as const;
export type Kind = (typeof KINDS)[number];

export interface TestSiteDir {
  kind: Kind;
  data: string;
  db: string;
  /** Environment for `tessera serve` and the other commands. */
  env: Record<string, string>;
  blobDir: string | undefined;
  /** The site's storage, opened in this process (close it). */
  open(): KyselyStorage;
  cleanup(): Promise<void>;
}

export async function siteDir(kind: Kind): Promise<TestSiteDir> {
  const data = mkdtempSync(join(tmpdir(), `tessera-pack-${kind}-`));
  const database =
    kind === 'postgres'
      ? await createPostgresDatabase()
      : kind === 'mysql'
        ? await createMysqlDatabase()
        : undefined;
  const db = database?.url ?? '';
  return {
    kind,
    data,
    db,
    env: { TESSERA_DATA: data, TESSERA_DB: db, TESSERA_ADMIN_PASSWORD: PASSWORD },
    blobDir: blobDirOf({ db, dataDir: data }),
    open: () => openStorage({ db, dataDir: data }),
    async cleanup() {
      await database?.drop();
      rmSync(data, { recursive: true, force: true });
    },
  };
}

/** Runs `tessera <args>` without blocking this process. */
export function tessera(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; out: string; err: string }> {
  const { NODE_TEST_CONTEXT: _, ...inherited } = process.env;
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...inherited, ...env } });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => {
    out += d;
  });
  child.stderr.on('data', (d) => {
    err += d;
  });
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, out, err })));
}

const auth = `Basic ${Buffer.from(`admin:${PASSWORD}`).toString('base64')}`;

/** A REST call as admin; JSON in and out. */
export async function call(base: string, method: string, path: string, body?: unknown) {
  const r = await fetch(new URL(path, `${base}/`), {
    method,
    headers: {
      accept: 'application/json',
      authorization: auth,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await r.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {}
  return { status: r.status, json, text };
}

/** GET bytes as admin. */
export async function download(url: string) {
  const r = await fetch(url, { headers: { authorization: auth } });
  return { status: r.status, bytes: Buffer.from(await r.arrayBuffer()) };
}

export const fileBody = (text: string, filename = 'notes.txt') => ({
  data: Buffer.from(text).toString('base64'),
  encoding: 'base64',
  filename,
  'content-type': 'text/plain',
});

export const OLD = '2020-01-01T00:00:00.000Z';
const OLD_S = Date.parse(OLD) / 1000;

/** Makes everything stored so far old: transactions, database blobs, blob files. */
export async function backdate(site: TestSiteDir) {
  const storage = site.open();
  try {
    await storage.db.updateTable('transactions').set({ at: OLD }).execute();
    await storage.db.updateTable('blobs').set({ created: OLD }).execute();
  } finally {
    await storage.close();
  }
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else utimesSync(p, OLD_S, OLD_S);
    }
  };
  if (site.blobDir) walk(site.blobDir);
}
