// Graceful stop of the real `tessera frontend` and `tessera start` processes:
// a request in flight through the frontend's API proxy when SIGTERM arrives
// completes with 200; /ready answers 503 while draining; then the process exits.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { BIN, startServer, stop } from './process.js';
import { connectionRefused, get, openConnection } from './raw-http.js';
import { tempDirs } from './temp-dirs.js';

const tmp = tempDirs('tessera-lifecycle-fe-');
const PASSWORD = 'drain-secret';
const LOGIN = JSON.stringify({ login: 'admin', password: PASSWORD });

async function halfSentLogin(port: number) {
  const c = await openConnection(port);
  c.write(
    `POST /++api++/@login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nAccept: application/json\r\nContent-Length: ${LOGIN.length}\r\n\r\n${LOGIN.slice(0, 10)}`,
  );
  return { c, finish: () => c.write(LOGIN.slice(10)) };
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** Runs `tessera <args>` until its output says it listens. */
function startTessera(args: string[], env: Record<string, string>, ready: RegExp): Promise<ChildProcess> {
  const { NODE_TEST_CONTEXT: _, ...inherited } = process.env;
  const proc = spawn(process.execPath, [BIN, ...args], {
    env: { ...inherited, TESSERA_ALLOW_ROOT: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`did not start:\n${out}`)), 180_000);
    const seen = (d: Buffer) => {
      out += d;
      if (ready.test(out)) {
        clearTimeout(timer);
        resolve(proc);
      }
    };
    proc.stdout!.on('data', seen);
    proc.stderr!.on('data', (d) => {
      out += d;
    });
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited (${code}):\n${out}`));
    });
  });
}

const kill = (p: ChildProcess) => {
  if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
};

test('tessera frontend: /ok, /ready follows the backend, /metrics; SIGTERM drains (503 /ready, in-flight proxy request 200, Connection: close), exit 0', async () => {
  const backend = await startServer([], { TESSERA_DATA: tmp(), TESSERA_ADMIN_PASSWORD: PASSWORD });
  const port = await freePort();
  const fe = await startTessera(
    ['frontend', '--port', String(port), '--api', backend.url, '--drain-timeout', '10'],
    { TESSERA_DRAIN_DELAY: '1' },
    /listening at/,
  );
  const exited = once(fe, 'exit');
  try {
    const base = `http://127.0.0.1:${port}`;
    assert.equal(await (await fetch(`${base}/ok`)).text(), 'OK');
    const ready = await fetch(`${base}/ready`);
    assert.equal(ready.status, 200);
    assert.equal(await ready.text(), 'READY');
    // Its /metrics: loopback yes, through a proxy no.
    const metrics = await (await fetch(`${base}/metrics`)).text();
    assert.match(
      metrics,
      /^tessera_frontend_http_requests_total\{route="ready",method="GET",status="200"\} 1$/m,
    );
    assert.match(metrics, /^tessera_frontend_http_request_duration_seconds_count\{route="ok"\} 1$/m);
    const proxied = await fetch(`${base}/metrics`, { headers: { 'x-forwarded-for': '203.0.113.9' } });
    assert.equal(proxied.status, 403);
    assert.equal(((await proxied.json()) as any).error.type, 'Forbidden');

    const inFlight = await Promise.all([halfSentLogin(port), halfSentLogin(port)]);
    await sleep(200);
    fe.kill('SIGTERM');
    await sleep(300);
    const probe = await openConnection(port);
    probe.write(get('/ready'));
    const r = await probe.response();
    assert.equal(r.status, 503);
    assert.equal(r.headers.connection, 'close');
    await sleep(1200);
    assert.equal(await connectionRefused(port), true);

    for (const f of inFlight) f.finish();
    for (const a of await Promise.all(inFlight.map((f) => f.c.response()))) {
      assert.equal(a.status, 200, a.body);
      assert.ok(JSON.parse(a.body).token);
      assert.equal(a.headers.connection, 'close');
    }
    const [code] = await exited;
    assert.equal(code, 0);
  } finally {
    kill(fe);
    await stop(backend);
  }
});

test('tessera start: SIGTERM drains the frontend and the backend together, then exits', async () => {
  const [port, apiPort] = [await freePort(), await freePort()];
  const start = await startTessera(
    // No --allow-root: `npm start` is the README's trial command and, run as
    // root (as on CI), only warns; the backend it starts is allowed.
    ['start', '--port', String(port), '--api-port', String(apiPort), '--data', tmp()],
    { TESSERA_ADMIN_PASSWORD: PASSWORD, TESSERA_ALLOW_ROOT: '' },
    /Tessera is running/,
  );
  const exited = once(start, 'exit');
  try {
    // The backend prints its own line a little later; wait until it answers (30 s: loaded CI machines).
    for (let i = 0; i < 300 && !(await fetch(`http://127.0.0.1:${apiPort}/ok`).catch(() => null))?.ok; i++)
      await sleep(100);
    const viaFrontend = await halfSentLogin(port);
    const direct = await openConnection(apiPort);
    direct.write(
      `POST /@login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${LOGIN.length}\r\n\r\n${LOGIN.slice(0, 10)}`,
    );
    await sleep(200);
    start.kill('SIGTERM');
    await sleep(500);
    assert.equal(await connectionRefused(port), true);
    assert.equal(await connectionRefused(apiPort), true);
    viaFrontend.finish();
    direct.write(LOGIN.slice(10));
    assert.equal((await viaFrontend.c.response()).status, 200);
    assert.equal((await direct.response()).status, 200);
    const [code] = await exited;
    assert.equal(code, 0);
  } finally {
    kill(start);
  }
});
