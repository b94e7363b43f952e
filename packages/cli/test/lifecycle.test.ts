// Graceful stop of the real `tessera serve` process (single and --workers),
// and the refusal to serve as root. Requests are held in flight by sending
// half of their body before SIGTERM and the rest after.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { createPostgresDatabase } from '@tessera/storage/test-databases';
import { runTessera, startServer, stop } from './process.js';
import { connectionRefused, get, openConnection } from './raw-http.js';
import { tempDirs } from './temp-dirs.js';

const tmp = tempDirs('tessera-lifecycle-');
const PASSWORD = 'drain-secret';
const LOGIN = JSON.stringify({ login: 'admin', password: PASSWORD });

/** Opens a login request and sends all but its last bytes: it is in flight until finish(). */
async function halfSentLogin(port: number) {
  const c = await openConnection(port);
  c.write(
    `POST /@login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nAccept: application/json\r\nContent-Length: ${LOGIN.length}\r\n\r\n${LOGIN.slice(0, 10)}`,
  );
  return { c, finish: () => c.write(LOGIN.slice(10)) };
}

const portOf = (url: string) => Number(new URL(url).port);

test('SIGTERM: /ready 503 during the drain delay, then new connections refused, in-flight requests finish with 200 and Connection: close, exit 0', async () => {
  const server = await startServer(['--drain-timeout', '10'], {
    TESSERA_DATA: tmp(),
    TESSERA_ADMIN_PASSWORD: PASSWORD,
    TESSERA_DRAIN_DELAY: '1',
  });
  const port = portOf(server.url);
  const exited = once(server.proc, 'exit');
  try {
    // An idle keep-alive connection: the drain closes it.
    const idle = await openConnection(port);
    idle.write(get('/ok'));
    assert.equal((await idle.response()).status, 200);
    const ready = await openConnection(port);
    ready.write(get('/ready'));
    assert.equal((await ready.response()).status, 200);

    const inFlight = await Promise.all(Array.from({ length: 5 }, () => halfSentLogin(port)));
    await sleep(200); // the server has parsed their headers
    server.proc.kill('SIGTERM');
    await sleep(300);

    // During the delay the listener still accepts, but readiness is gone.
    const probe = await openConnection(port);
    probe.write(get('/ready'));
    const r = await probe.response();
    assert.equal(r.status, 503);
    assert.equal(r.body, 'DRAINING');
    assert.equal(r.headers.connection, 'close');
    await probe.closed;
    // Liveness stays: the process is alive, only leaving.
    const live = await openConnection(port);
    live.write(get('/ok'));
    assert.equal((await live.response()).status, 200);

    await sleep(1200); // past the delay: the listener is closed
    assert.equal(await connectionRefused(port), true);
    await idle.closed;
    assert.equal(server.proc.exitCode, null, 'still draining the requests in flight');

    for (const r of inFlight) r.finish();
    const answers = await Promise.all(inFlight.map((r) => r.c.response()));
    for (const a of answers) {
      assert.equal(a.status, 200, a.body);
      assert.ok(JSON.parse(a.body).token);
      assert.equal(a.headers.connection, 'close');
    }
    await Promise.all(inFlight.map((r) => r.c.closed));
    const finished = Date.now();
    const [code] = await exited;
    assert.equal(code, 0);
    assert.ok(Date.now() - finished < 3000, 'exits as soon as the last request is done');
  } finally {
    await stop(server, 'SIGKILL');
  }
});

test('SIGTERM: a request that never finishes is cut off at the drain timeout and the process exits', async () => {
  const server = await startServer(['--drain-timeout', '1'], {
    TESSERA_DATA: tmp(),
    TESSERA_ADMIN_PASSWORD: PASSWORD,
  });
  const port = portOf(server.url);
  const exited = once(server.proc, 'exit');
  try {
    const stuck = await halfSentLogin(port);
    await sleep(200);
    const t0 = Date.now();
    server.proc.kill('SIGTERM');
    await sleep(200);
    assert.equal(await connectionRefused(port), true, 'no delay configured: refused at once');
    const [code] = await exited;
    const took = Date.now() - t0;
    assert.equal(code, 0);
    assert.ok(took >= 900 && took < 4000, `exited after ${took} ms`);
    await stuck.c.closed;
  } finally {
    await stop(server, 'SIGKILL');
  }
});

test('--workers 2: SIGTERM to the supervisor drains every worker; requests in flight on both finish with 200', async () => {
  const db = await createPostgresDatabase();
  const server = await startServer(['--workers', '2', '--drain-timeout', '10'], {
    TESSERA_DATA: tmp(),
    TESSERA_DB: db.url,
    TESSERA_ADMIN_PASSWORD: PASSWORD,
  });
  const port = portOf(server.url);
  const exited = once(server.proc, 'exit');
  try {
    // Round robin spreads the connections over both workers.
    const inFlight = await Promise.all(Array.from({ length: 6 }, () => halfSentLogin(port)));
    await sleep(300);
    server.proc.kill('SIGTERM');
    await sleep(500);
    assert.equal(await connectionRefused(port), true);
    for (const r of inFlight) r.finish();
    const answers = await Promise.all(inFlight.map((r) => r.c.response()));
    assert.deepEqual(
      answers.map((a) => a.status),
      [200, 200, 200, 200, 200, 200],
    );
    for (const a of answers) assert.equal(a.headers.connection, 'close');
    const [code] = await exited;
    assert.equal(code, 0);
  } finally {
    await stop(server, 'SIGKILL');
    await db.drop();
  }
});

test('serving (serve, frontend, stack up) as root is refused unless forced (--allow-root or TESSERA_ALLOW_ROOT=1)', {
  skip: process.getuid?.() !== 0 && 'needs root',
}, async () => {
  const env = { TESSERA_DATA: tmp(), TESSERA_ADMIN_PASSWORD: PASSWORD, TESSERA_ALLOW_ROOT: '' };
  // `start` (npm start, the trial command) only warns: lifecycle-frontend.test.ts runs it as root.
  for (const args of [
    ['serve', '--port', '0'],
    ['frontend', '--port', '0'],
    ['stack', 'up', '--dir', tmp()],
  ]) {
    const r = await runTessera(args, env);
    assert.equal(r.code, 2, `${args[0]}: ${r.out}${r.err}`);
    assert.match(r.err, /refusing to serve as root.*--allow-root or TESSERA_ALLOW_ROOT=1/);
  }
  const forced = await startServer(['--allow-root'], env);
  await stop(forced);
  const byEnv = await startServer([], { ...env, TESSERA_ALLOW_ROOT: '1' });
  await stop(byEnv);
});
