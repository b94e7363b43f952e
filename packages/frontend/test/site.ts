// A real backend process with the fixture content, and the real frontend
// server (built first if needed) in front of it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ADMIN_PASSWORD, adminAuth } from '../../cli/test/http.js';
import { type Running, startServer, stop } from '../../cli/test/process.js';
import { type RunningFrontend, startFrontend } from '../src/server/index.js';
import { type Site, seed } from './fixtures.js';

export interface TestSite extends Site {
  api: string;
  url: string;
  close(): Promise<void>;
}

export async function startSite(): Promise<TestSite> {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-fe-'));
  let backend: Running | undefined;
  let frontend: RunningFrontend | undefined;
  try {
    // Builds the app when the build is missing or stale. First, not beside the
    // backend's start: on a busy machine the build's CPU use made the backend
    // miss its start timeout.
    await import('../src/server/build.js').then((m) => m.ensureBuilt());
    backend = await startServer(['--data', dir], { TESSERA_ADMIN_PASSWORD: ADMIN_PASSWORD });
    const site = await seed(backend.url, adminAuth);
    frontend = await startFrontend({ port: 0, host: '127.0.0.1', apiUrl: backend.url });
    const f = frontend;
    const be = backend;
    return {
      ...site,
      api: backend.url,
      url: frontend.url,
      async close() {
        await f.close();
        await stop(be);
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await frontend?.close();
    if (backend) await stop(backend);
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

export async function login(url: string): Promise<string> {
  const r = await fetch(`${url}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: url },
    body: new URLSearchParams({ login: 'admin', password: ADMIN_PASSWORD, came_from: '/' }),
  });
  const cookie = r.headers.getSetCookie().find((c) => c.startsWith('auth_token='));
  if (!cookie) throw new Error(`login failed: ${r.status}`);
  return cookie.split(';')[0];
}
