// The real server process: first start, health checks, durability across
// kill -9, and log-file reopening on SIGUSR2.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { startServer, stop } from './process.js';
import { tempDirs } from './temp-dirs.js';

const tmp = tempDirs('tessera-cli-');

const basic = (pw: string) => `Basic ${Buffer.from(`admin:${pw}`).toString('base64')}`;

test('first start generates and prints the admin password once; /ok and /ready answer', async () => {
  const data = tmp();
  const env = { TESSERA_DATA: data, TESSERA_ADMIN_PASSWORD: '' };
  const first = await startServer([], env);
  try {
    const m = /Generated password \(shown once\): (\S+)/.exec(first.stdout());
    assert.ok(m, first.stdout());
    const ok = await fetch(`${first.url}/ok`);
    assert.equal(ok.status, 200);
    assert.equal(await ok.text(), 'OK');
    assert.equal((await fetch(`${first.url}/ready`)).status, 200);
    const login = await fetch(`${first.url}/@login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ login: 'admin', password: m[1] }),
    });
    assert.equal(login.status, 200);
  } finally {
    await stop(first);
  }
  const second = await startServer([], env);
  try {
    assert.doesNotMatch(second.stdout(), /Generated password/);
  } finally {
    await stop(second);
  }
});

test('an acknowledged write survives kill -9', async () => {
  const data = tmp();
  const env = { TESSERA_DATA: data, TESSERA_ADMIN_PASSWORD: 'durable-secret' };
  const server = await startServer([], env);
  const titles: string[] = [];
  try {
    for (let i = 0; i < 20; i++) {
      const r = await fetch(`${server.url}/`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json',
          authorization: basic('durable-secret'),
        },
        body: JSON.stringify({ '@type': 'Document', title: `Durable ${i}` }),
      });
      assert.equal(r.status, 201);
      titles.push(`Durable ${i}`);
    }
  } finally {
    await stop(server, 'SIGKILL');
  }
  const again = await startServer([], env);
  try {
    const r = await fetch(`${again.url}/?b_size=100`, {
      headers: { accept: 'application/json', authorization: basic('durable-secret') },
    });
    const body = (await r.json()) as any;
    assert.deepEqual(
      body.items.map((i: any) => i.title),
      titles,
    );
  } finally {
    await stop(again);
  }
});

test('SIGUSR2 reopens the log file (logrotate)', async () => {
  const data = tmp();
  const log = join(data, 'tessera.log');
  const server = await startServer([], {
    TESSERA_DATA: data,
    TESSERA_ADMIN_PASSWORD: 'rotate-secret',
    TESSERA_LOG_FILE: log,
  });
  try {
    // With a log file the listening line goes to the file, so wait for it there.
    await fetch(`${server.url}/ok`);
    await new Promise((r) => setTimeout(r, 300));
    assert.ok(existsSync(log));
    renameSync(log, `${log}.1`);
    server.proc.kill('SIGUSR2');
    await new Promise((r) => setTimeout(r, 200));
    await fetch(`${server.url}/ok`, { headers: { 'x-request-id': 'after-rotate' } });
    await new Promise((r) => setTimeout(r, 500));
    assert.ok(existsSync(log), 'a new log file was opened');
    const lines = readFileSync(log, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const line = lines.find((l) => l.reqId === 'after-rotate');
    assert.ok(line, 'the request after rotation is logged in the new file, with its request id');
    assert.equal(line.url, '/ok');
  } finally {
    await stop(server);
  }
});
