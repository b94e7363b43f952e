// Stock Volto 18 against `tessera serve`, for the e2e tests: ../shared/volto
// builds Volto from npm (once per machine, cached under
// ~/.cache/tessera-peers, ~4 minutes) and runs it in its default `seamless`
// mode; a fresh backend on SQLite is seeded the way Volto itself makes pages.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePorts } from '../../packages/cli/test/free-ports.js';
import { type Running, startServer, stop } from '../../packages/cli/test/process.js';

export const SHARED_VOLTO = fileURLToPath(new URL('../../../shared/volto/', import.meta.url));
const PEERS =
  process.env.PEERS || join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'tessera-peers');
const VOLTO_BUILD = join(PEERS, 'volto', 'volto', 'build', 'server.js');
export const ADMIN_PASSWORD = 'volto-smoke-pass';

function run(cmd: string, args: string[], cwd: string) {
  const r = spawnSync(cmd, args, { cwd, stdio: 'inherit', env: process.env });
  if (r.status !== 0) console.log(`${cmd} ${args.join(' ')} exited ${r.status}`);
}

/** The harness's packages and the Volto build, made once per machine. */
export function ensureVolto() {
  assert.ok(existsSync(join(SHARED_VOLTO, 'smoke.ts')), `no Volto harness at ${SHARED_VOLTO}`);
  if (!existsSync(join(SHARED_VOLTO, 'node_modules', 'playwright-core')))
    run('npm', ['install', '--no-audit', '--no-fund'], SHARED_VOLTO);
  // build-volto.sh's last line (du of an optional directory) may fail after a good build: the build file decides.
  if (!existsSync(VOLTO_BUILD)) run('bash', ['build-volto.sh'], SHARED_VOLTO);
  assert.ok(
    existsSync(VOLTO_BUILD),
    `Volto did not build (${VOLTO_BUILD}); see build-volto.sh's output above`,
  );
}

export interface VoltoSite {
  backend: Running;
  /** Volto's own origin, e.g. http://localhost:41234. */
  url: string;
  /** A call to the backend as admin (HTTP Basic); throws on a non-2xx answer. */
  api(method: string, path: string, body?: unknown): Promise<any>;
  close(): Promise<void>;
}

/** A Volto page body: a title block and one text block, as Volto's add form makes it. */
export function voltoPage(title: string, text: string) {
  return {
    '@type': 'Document',
    title,
    blocks: {
      t: { '@type': 'title' },
      x: { '@type': 'slate', value: [{ type: 'p', children: [{ text }] }], plaintext: text },
    },
    blocks_layout: { items: ['t', 'x'] },
  };
}

/** A backend in `dataDir` and Volto in front of it; `seed` runs before Volto starts. */
export async function startVoltoSite(
  dataDir: string,
  seed: (api: VoltoSite['api']) => Promise<void>,
): Promise<VoltoSite> {
  ensureVolto();
  const backend = await startServer(['--data', dataDir], {
    TESSERA_ADMIN_PASSWORD: ADMIN_PASSWORD,
    TESSERA_DISTRIBUTION: 'volto',
  });
  const api = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${backend.url}${path}`, {
      method,
      headers: {
        accept: 'application/json',
        'content-type': 'application/json',
        authorization: `Basic ${Buffer.from(`admin:${ADMIN_PASSWORD}`).toString('base64')}`,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    assert.ok(res.ok, `${method} ${path}: ${res.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  };
  let volto: ChildProcess | undefined;
  let port = 0;
  try {
    await seed(api);
    [port] = (await freePorts(1)) as [number];
    volto = await startVolto(backend.url, port);
  } catch (e) {
    await stop(backend);
    throw e;
  }
  return {
    backend,
    url: `http://localhost:${port}`,
    api,
    async close() {
      if (volto?.pid && volto.exitCode === null) {
        const exited = new Promise((r) => volto!.once('exit', r));
        process.kill(-volto.pid, 'SIGTERM');
        await exited;
      }
      await stop(backend);
    },
  };
}

function startVolto(apiUrl: string, port: number): Promise<ChildProcess> {
  // Its own process group, so Volto's node process goes with the script.
  const child = spawn('bash', ['run-volto.sh', apiUrl, String(port)], {
    cwd: SHARED_VOLTO,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, MODE: 'seamless' },
  });
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Volto did not start:\n${out.slice(-4000)}`)), 120_000);
    const seen = (d: Buffer) => {
      out += d;
      if (/Volto started/.test(out)) {
        clearTimeout(timer);
        resolve(child);
      }
    };
    child.stdout!.on('data', seen);
    child.stderr!.on('data', seen);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Volto exited (${code}):\n${out.slice(-4000)}`));
    });
  });
}
