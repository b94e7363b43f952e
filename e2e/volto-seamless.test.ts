// Stock Volto 18, unchanged, in its default `seamless` mode against
// `tessera serve`: the compatibility test that counts. ../shared/volto builds
// Volto from npm (once; cached under ~/.cache/tessera-peers, ~4 minutes on a
// fresh machine), runs it against our backend and drives it in headless
// Chromium (smoke.ts): server-rendered home, client navigation to a section
// and a page, log in, add a page with a text block, view it, anonymous is
// refused, publish through the workflow menu, log out, anonymous sees it.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { freePorts } from '../packages/cli/test/free-ports.js';
import { type Running, startServer, stop } from '../packages/cli/test/process.js';
import { tempDirs } from '../packages/cli/test/temp-dirs.js';

const SHARED_VOLTO = fileURLToPath(new URL('../../shared/volto/', import.meta.url));
const PEERS =
  process.env.PEERS || join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'tessera-peers');
const VOLTO_BUILD = join(PEERS, 'volto', 'volto', 'build', 'server.js');
const PASSWORD = 'volto-smoke-pass';
const tmp = tempDirs('tessera-volto-');

let backend: Running;
let volto: ChildProcess | undefined;
let voltoUrl = '';

/** Runs a command to its end, its output shown; a failure is thrown with the command. */
function run(cmd: string, args: string[], cwd: string) {
  const r = spawnSync(cmd, args, { cwd, stdio: 'inherit', env: process.env });
  if (r.status !== 0 && r.status !== null) console.log(`${cmd} ${args.join(' ')} exited ${r.status}`);
}

/** The harness's packages and the Volto build, made once per machine. */
function ensureVolto() {
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

async function api(method: string, path: string, body?: unknown) {
  const res = await fetch(`${backend.url}${path}`, {
    method,
    headers: {
      accept: 'application/json',
      'content-type': 'application/json',
      authorization: `Basic ${Buffer.from(`admin:${PASSWORD}`).toString('base64')}`,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  assert.ok(res.ok, `${method} ${path}: ${res.status} ${await res.text()}`);
}

/** What smoke.ts expects to find: a section in the navigation and a published page, made as Volto makes pages. */
async function seed() {
  const page = (title: string, text: string) => ({
    '@type': 'Document',
    title,
    blocks: {
      t: { '@type': 'title' },
      x: { '@type': 'slate', value: [{ type: 'p', children: [{ text }] }], plaintext: text },
    },
    blocks_layout: { items: ['t', 'x'] },
  });
  await api('POST', '/', { id: 'about', ...page('About us', 'Who we are.') });
  await api('POST', '/about/@workflow/publish');
  await api('POST', '/about', { id: 'team', ...page('Our team', 'The people.') });
  await api('POST', '/about/team/@workflow/publish');
}

function startVolto(port: number): Promise<void> {
  // Its own process group, so Volto's node process goes with the script.
  volto = spawn('bash', ['run-volto.sh', backend.url, String(port)], {
    cwd: SHARED_VOLTO,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, MODE: 'seamless' },
  });
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Volto did not start:\n${out}`)), 120_000);
    const seen = (d: Buffer) => {
      out += d;
      if (/Volto started/.test(out)) {
        clearTimeout(timer);
        resolve();
      }
    };
    volto!.stdout!.on('data', seen);
    volto!.stderr!.on('data', seen);
    volto!.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Volto exited (${code}):\n${out}`));
    });
  });
}

before(async () => {
  ensureVolto();
  backend = await startServer(['--data', join(tmp(), 'data')], {
    TESSERA_ADMIN_PASSWORD: PASSWORD,
    TESSERA_DISTRIBUTION: 'volto',
  });
  await seed();
  const [port] = await freePorts(1);
  voltoUrl = `http://localhost:${port}`;
  await startVolto(port!);
});

after(async () => {
  if (volto?.pid && volto.exitCode === null) {
    const exited = new Promise((r) => volto!.once('exit', r));
    process.kill(-volto.pid, 'SIGTERM');
    await exited;
  }
  if (backend) await stop(backend);
});

test('stock Volto 18 (seamless mode) works unchanged against the backend: the ten smoke steps pass', async () => {
  const shots = tmp();
  const smoke = spawnSync(
    join(SHARED_VOLTO, 'node_modules', '.bin', 'tsx'),
    ['smoke.ts', '--url', voltoUrl, '--user', 'admin', '--password', PASSWORD, '--shots', shots],
    { cwd: SHARED_VOLTO, encoding: 'utf8', timeout: 8 * 60_000, env: process.env },
  );
  const out = `${smoke.stdout}\n${smoke.stderr}`;
  const counts = /(\d+) passed, (\d+) failed/.exec(out);
  assert.ok(counts, `smoke.ts printed no result:\n${out}`);
  const failed = out.split('\n').filter((l) => l.startsWith('FAIL'));
  assert.deepEqual(failed, [], `failing steps (screenshots in ${shots}):\n${out}`);
  assert.equal(Number(counts[1]), 10, out);
  for (const step of ['navigate-folder', 'add-page', 'publish', 'anonymous-sees-published'])
    assert.match(out, new RegExp(`^PASS ${step} `, 'm'));
});
