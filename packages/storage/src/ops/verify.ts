// `tessera backup --verify`: restores a backup into a scratch place — a
// temporary SQLite data directory, or a throwaway database created on a
// PostgreSQL/MariaDB server and dropped afterwards — and compares it with
// the manifest (restore() checks files before and the site after).
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import pg from 'pg';
import { redactUrl } from '../index.js';
import { endpoint } from './endpoint.js';
import { OpsError } from './errors.js';
import type { Manifest } from './manifest.js';
import { restore } from './restore.js';

export interface VerifyOptions {
  /** A server to create the scratch database on (postgres://… or mysql://…); default a temporary SQLite directory. */
  scratchServer?: string;
  onProgress?: (message: string) => void;
}

export async function verifyBackup(dir: string, manifest: Manifest, opts: VerifyOptions = {}): Promise<void> {
  if (!opts.scratchServer) {
    const tmp = await mkdtemp(join(tmpdir(), 'tessera-verify-'));
    try {
      await restore(dir, manifest, endpoint({ db: '', dataDir: tmp }), opts);
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
    return;
  }
  const scratch = await scratchDatabase(opts.scratchServer);
  opts.onProgress?.(`scratch database ${scratch.name}`);
  try {
    await restore(dir, manifest, endpoint({ db: scratch.url, dataDir: tmpdir() }), opts);
  } finally {
    await scratch.drop();
  }
}

/** A new, empty database on the server `server` names, and how to drop it. */
export async function scratchDatabase(server: string) {
  const name = `tessera_verify_${randomBytes(6).toString('hex')}`;
  const u = new URL(server);
  u.pathname = `/${name}`;
  const url = u.toString();
  const fail = (err: unknown): never => {
    throw new OpsError(`cannot create a scratch database on ${redactUrl(server)}: ${(err as Error).message}`);
  };
  if (/^postgres(ql)?:/.test(server)) {
    const run = async (q: string) => {
      const c = new pg.Client({ connectionString: server });
      await c.connect();
      try {
        await c.query(q);
      } finally {
        await c.end();
      }
    };
    await run(`CREATE DATABASE ${name}`).catch(fail);
    return { name, url, drop: () => run(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
  }
  if (/^(mysql|mariadb):/.test(server)) {
    const uri = server.replace(/^mariadb:/, 'mysql:');
    const run = async (q: string) => {
      const c = await createConnection({ uri });
      try {
        await c.query(q);
      } finally {
        await c.end();
      }
    };
    await run(`CREATE DATABASE ${name} CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`).catch(fail);
    return {
      name,
      url: url.replace(/^mariadb:/, 'mysql:'),
      drop: () => run(`DROP DATABASE IF EXISTS ${name}`),
    };
  }
  throw new OpsError(`--scratch must be a postgres:// or mysql:// server URL, not "${redactUrl(server)}"`, 2);
}
