// Builds the React app when the build is missing or older than its sources, so
// `npm start` and the tests work on a fresh clone without a separate step.
// Concurrent starters (two test files) serialise on a lock directory.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PACKAGE_DIR = fileURLToPath(new URL('../..', import.meta.url));
export const BUILD_DIR = join(PACKAGE_DIR, 'build');
const STAMP = join(BUILD_DIR, '.source-stamp');
const LOCK = join(PACKAGE_DIR, '.build-lock');

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) sourceFiles(p, out);
    else out.push(p);
  }
  return out;
}

/** A digest of everything that goes into the build: the app sources, configs, the lock file. */
export function sourceStamp(): string {
  const hash = createHash('sha256');
  const files = [
    ...sourceFiles(join(PACKAGE_DIR, 'src/app')).sort(),
    ...sourceFiles(join(PACKAGE_DIR, 'public')).sort(),
    join(PACKAGE_DIR, 'vite.config.ts'),
    join(PACKAGE_DIR, 'react-router.config.ts'),
    join(PACKAGE_DIR, 'package.json'),
  ];
  for (const f of files) hash.update(f).update(readFileSync(f));
  return hash.digest('hex');
}

function isCurrent(stamp: string): boolean {
  try {
    return readFileSync(STAMP, 'utf8') === stamp && existsSync(join(BUILD_DIR, 'server/index.js'));
  } catch {
    return false;
  }
}

/** The react-router CLI, found like node finds packages (the package exports no bin path). */
function reactRouterCli(): string {
  for (let dir = PACKAGE_DIR; ; dir = dirname(dir)) {
    const bin = join(dir, 'node_modules/@react-router/dev/bin.js');
    if (existsSync(bin)) return bin;
    if (dirname(dir) === dir) throw new Error('@react-router/dev is not installed: run npm install');
  }
}

async function sleep(ms: number) {
  await new Promise((r) => setTimeout(r, ms));
}

export async function ensureBuilt(log: (msg: string) => void = () => {}): Promise<void> {
  const stamp = sourceStamp();
  if (isCurrent(stamp)) return;
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch {
      // Another process builds: wait for it, then use its build.
      if (Date.now() > deadline) rmSync(LOCK, { recursive: true, force: true });
      await sleep(250);
      if (isCurrent(stamp)) return;
    }
  }
  try {
    if (isCurrent(stamp)) return;
    log('building the frontend (vite)…');
    const cli = reactRouterCli();
    // NODE_ENV=production even under the test runner (NODE_ENV=test), or
    // Vite would bundle React's development build.
    const r = spawnSync(process.execPath, [cli, 'build'], {
      cwd: PACKAGE_DIR,
      encoding: 'utf8',
      env: { ...process.env, NODE_ENV: 'production' },
    });
    if (r.status !== 0) throw new Error(`frontend build failed:\n${r.stdout}\n${r.stderr}`);
    writeFileSync(STAMP, stamp);
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}
