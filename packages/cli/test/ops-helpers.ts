// Helpers for the backup and convert tests: the real `tessera` command run
// asynchronously (so writes in this process go on meanwhile), content made
// through a real server's REST API, and sites' rows read for comparison.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createMysqlDatabase,
  createPostgresDatabase,
  type TestDatabase,
} from '@tessera/storage/test-databases';
import { BIN } from './process.js';

export const PASSWORD = 'ops-test-secret';
const AUTH = `Basic ${Buffer.from(`admin:${PASSWORD}`).toString('base64')}`;

export function tessera(args: string[], env: Record<string, string> = {}) {
  const { NODE_TEST_CONTEXT: _, ...inherited } = process.env;
  const proc = spawn(process.execPath, [BIN, ...args], {
    env: { ...inherited, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  proc.stdout.on('data', (d) => {
    out += d;
  });
  proc.stderr.on('data', (d) => {
    err += d;
  });
  return new Promise<{ code: number | null; out: string; err: string }>((resolve) =>
    proc.on('close', (code) => resolve({ code, out, err })),
  );
}

export async function call(base: string, method: string, path: string, body?: unknown) {
  const r = await fetch(`${base}${path}`, {
    method,
    headers: { accept: 'application/json', 'content-type': 'application/json', authorization: AUTH },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await r.text();
  return { status: r.status, json: text ? JSON.parse(text) : undefined, text };
}

export async function download(base: string, path: string): Promise<Buffer> {
  const r = await fetch(`${base}${path}/@@download/file`, { headers: { authorization: AUTH } });
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
