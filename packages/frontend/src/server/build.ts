// Builds the browser bundle (Vite) when it is missing or older than its
// sources, so `npm start` and the tests work on a fresh clone without a
// separate step. Concurrent starters (two test files) serialise on a lock
// directory. The server renders from the TypeScript sources themselves (tsx),
// so only the browser's files are built.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PACKAGE_DIR = fileURLToPath(new URL('../..', import.meta.url));
export const BUILD_DIR = join(PACKAGE_DIR, 'build');
const STAMP = join(BUILD_DIR, '.source-stamp');
const LOCK = join(PACKAGE_DIR, '.build-lock');
const CLIENT_DIR = join(BUILD_DIR, 'client');
const MANIFEST = join(CLIENT_DIR, '.vite/manifest.json');
const ENTRY = 'src/app/entry-client.tsx';

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
    join(PACKAGE_DIR, 'package.json'),
  ];
  for (const f of files) hash.update(f).update(readFileSync(f));
  return hash.digest('hex');
}

function isCurrent(stamp: string): boolean {
  try {
    return readFileSync(STAMP, 'utf8') === stamp && existsSync(MANIFEST);
  } catch {
    return false;
  }
}

/** Vite's CLI, found like node finds packages (the package exports no bin path). */
function viteCli(): string {
  for (let dir = PACKAGE_DIR; ; dir = dirname(dir)) {
    const bin = join(dir, 'node_modules/vite/bin/vite.js');
    if (existsSync(bin)) return bin;
    if (dirname(dir) === dir) throw new Error('vite is not installed: run npm install');
  }
}

interface ManifestChunk {
  file: string;
  css?: string[];
  imports?: string[];
}

/** The entry script, its stylesheets and the chunks it imports, from Vite's manifest. */
export function clientAssets(): { entry: string; css: string[]; preload: string[] } {
  const manifest = JSON.parse(readFileSync(MANIFEST, 'utf8')) as Record<string, ManifestChunk>;
  const entry = manifest[ENTRY];
  if (!entry) throw new Error(`the frontend build has no ${ENTRY}: rebuild it`);
  const css = new Set(entry.css ?? []);
  const preload = new Set<string>();
  const visit = (key: string) => {
    const chunk = manifest[key];
    if (!chunk || preload.has(chunk.file)) return;
    preload.add(chunk.file);
    for (const c of chunk.css ?? []) css.add(c);
    for (const k of chunk.imports ?? []) visit(k);
  };
  for (const k of entry.imports ?? []) visit(k);
  const url = (file: string) => `/${file}`;
  return { entry: url(entry.file), css: [...css].map(url), preload: [...preload].map(url) };
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
    const cli = viteCli();
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
