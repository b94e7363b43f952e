// The production stack for real: nginx (TLS, HTTP/2) → Varnish (xkey) →
// HAProxy → 2 frontends → 2 backends → PostgreSQL, all on loopback and free
// ports, started by `tessera stack up` and shared by the tests of this file
// (they run in order: the fault tests come last).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { get as httpGet, request as httpRequest } from 'node:http';
import { connect } from 'node:http2';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { createPostgresDatabase, type TestDatabase } from '@tessera/storage/test-databases';
import { serverStats } from '../src/stack/haproxy-socket.js';
import { launch, readState, stopProcess, waitReady, writeState } from '../src/stack/runtime.js';
import { freePorts } from './free-ports.js';
import { ADMIN_PASSWORD, adminAuth } from './http.js';
import { runTessera } from './process.js';
import { type StackClient as Client, StackClient, startLoad } from './stack-client.js';

// The test relaunches a killed backend itself (launch(), with this process's
// environment): as root, as on CI, servers refuse to start without this.
process.env.TESSERA_ALLOW_ROOT ??= '1';

const PAGE_TTL = 4;
let db: TestDatabase;
let root: string;
let dir: string;
let client: Client;
let httpPort: number;
let varnishPort: number;

const json = { accept: 'application/json', authorization: adminAuth };

async function write(method: string, path: string, body: unknown) {
  const r = await client.send(method, path, json, body);
  assert.ok(r.status < 300, `${method} ${path}: ${r.status} ${r.body}`);
  return r.body ? JSON.parse(r.body) : undefined;
}

before(async () => {
  db = await createPostgresDatabase();
  // Removed in after(), once the stack is down (its state file lives here).
  root = mkdtempSync(join(tmpdir(), 'tessera-stack-'));
  dir = join(root, 'stack');
  // The test's own certificate, not the one `stack up` would make.
  const cert = join(root, 'cert.pem');
  const key = join(root, 'key.pem');
  execFileSync(
    'openssl',
    [
      ...['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=localhost'],
      ...['-addext', 'subjectAltName=DNS:localhost', '-keyout', key, '-out', cert],
    ],
    { stdio: 'ignore' },
  );
  const [https, http, varnish, admin, pages, apiPool, b1, b2, f1, f2] = await freePorts(10);
  httpPort = http!;
  varnishPort = varnish!;
  const lo = '127.0.0.1';
  const settings = {
    serverNames: ['localhost'],
    listen: { host: lo, http, https },
    tls: { cert, key },
    varnish: {
      listen: { host: lo, port: varnish },
      admin: { host: lo, port: admin },
      xCache: true,
      memory: '64m',
    },
    haproxy: { frontendsListen: { host: lo, port: pages }, backendsListen: { host: lo, port: apiPool } },
    backends: [
      { host: lo, port: b1 },
      { host: lo, port: b2 },
    ],
    frontends: [
      { host: lo, port: f1 },
      { host: lo, port: f2 },
    ],
  };
  const file = join(root, 'stack-settings.json');
  writeFileSync(file, JSON.stringify(settings));
  const up = await runTessera(
    [
      ...['stack', 'up', '--settings', file, '--dir', dir, '--db', db.url],
      ...['--cache-control', `public, max-age=0, s-maxage=${PAGE_TTL}, stale-while-revalidate=300`],
    ],
    { TESSERA_ADMIN_PASSWORD: ADMIN_PASSWORD },
  );
  assert.equal(up.code, 0, `stack up failed:\n${up.out}\n${up.err}`);
  client = new StackClient(https!, readFileSync(cert));

  // Content: a folder with a published item, and a home page that shows
  // the item twice (a teaser and a listing).
  await write('POST', '/++api++/', { '@type': 'Folder', id: 'news', title: 'News' });
  const item = await write('POST', '/++api++/news', {
    '@type': 'Document',
    id: 'item',
    title: 'First title',
  });
  await write('POST', '/++api++/news/@workflow/publish', {});
  await write('POST', '/++api++/news/item/@workflow/publish', {});
  await write('PATCH', '/++api++/', {
    blocks: {
      t: { '@type': 'title' },
      teaser: { '@type': 'teaser', href: [{ '@id': item['@id'], title: 'old teaser title' }] },
      listing: {
        '@type': 'listing',
        querystring: {
          query: [{ i: 'portal_type', o: 'plone.app.querystring.operation.selection.any', v: ['Document'] }],
          sort_on: 'sortable_title',
        },
      },
    },
    blocks_layout: { items: ['t', 'teaser', 'listing'] },
  });
});

after(async () => {
  client?.close();
  if (dir) {
    const down = await runTessera(['stack', 'down', '--dir', dir]);
    assert.equal(down.code, 0, down.err);
  }
  await db?.drop();
  if (root) rmSync(root, { recursive: true, force: true });
});

test('routing and TLS: / is the frontend, /++api++/ the API with public https @ids, HTTP redirects, HTTP/2', async () => {
  const home = await client.get('/');
  assert.equal(home.status, 200);
  assert.match(String(home.headers['content-type']), /text\/html/);
  assert.match(home.body, /First title/, 'the home page teaser shows the item');
  assert.equal(home.headers['strict-transport-security'], 'max-age=31536000');
  assert.equal(home.headers['x-content-type-options'], 'nosniff');
  assert.equal(home.headers.xkey, undefined, 'cache tags are not sent to browsers');

  const api = await client.get('/++api++/news', { accept: 'application/json' });
  assert.equal(api.status, 200);
  const body = JSON.parse(api.body);
  assert.equal(body['@id'], `${client.origin}/news`);
  assert.equal(body.items[0]['@id'], `${client.origin}/news/item`);

  const redirect = await new Promise<{ status?: number; location?: string }>((resolve, reject) => {
    httpGet(
      { host: '127.0.0.1', port: httpPort, path: '/news?x=1', headers: { host: 'localhost' } },
      (res) => {
        res.resume();
        resolve({ status: res.statusCode, location: res.headers.location });
      },
    ).on('error', reject);
  });
  assert.equal(redirect.status, 301);
  assert.equal(redirect.location, `${client.origin}/news?x=1`);

  const h2 = connect(`https://127.0.0.1:${client.port}`, {
    ca: client.agent.options.ca,
    servername: 'localhost',
  });
  try {
    const status = await new Promise<number>((resolve, reject) => {
      const s = h2.request({ ':path': '/robots.txt', ':authority': client.host });
      s.on('response', (h) => resolve(Number(h[':status'])));
      s.on('error', reject);
      s.resume();
    });
    assert.equal(status, 200);
  } finally {
    h2.close();
  }
});

test('stack status shows every process and HAProxy server up; a second stack up on the same directory is refused', async () => {
  const status = await runTessera(['stack', 'status', '--dir', dir]);
  assert.equal(status.code, 0, status.err);
  for (const name of ['b1', 'b2', 'f1', 'f2', 'haproxy', 'varnish', 'nginx'])
    assert.match(status.out, new RegExp(`${name}\\s.*running`));
  assert.match(status.out, /be_api\/b2\s+UP/);
  const again = await runTessera(['stack', 'up', '--dir', dir, '--db', db.url]);
  assert.equal(again.code, 2);
  assert.match(again.err, /a stack is running/);
});

test('blob downloads are handed to nginx (X-Accel-Redirect); its internal location is closed to clients', async () => {
  await write('POST', '/++api++/', {
    '@type': 'File',
    id: 'hello',
    title: 'Hello',
    file: {
      data: Buffer.from('hello world\n').toString('base64'),
      encoding: 'base64',
      filename: 'hello.txt',
    },
  });
  const r = await client.get('/hello/@@download/file', { authorization: adminAuth });
  assert.equal(r.status, 200);
  assert.equal(r.body, 'hello world\n');
  // nginx's own ETag (hex mtime-size): nginx, not the backend, sent the file.
  assert.match(String(r.headers.etag), /^"[0-9a-f]+-c"$/);
  assert.equal(r.headers['x-accel-redirect'], undefined);
  assert.equal((await client.get('/_blobs/')).status, 404);
});

test('PURGE and BAN from outside are refused; from the backends’ address they work', async () => {
  await client.get('/news');
  assert.equal((await client.get('/news')).headers['x-cache'], 'HIT');
  for (const method of ['PURGE', 'BAN']) {
    const r = await client.send(method, '/news', { xkey: 'all' });
    assert.equal(r.status, 405, method);
  }
  assert.equal((await client.get('/news')).headers['x-cache'], 'HIT', 'still cached');
  // Varnish itself, from loopback (where the backends are): allowed.
  const purged = await new Promise<number | undefined>((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port: varnishPort,
        method: 'PURGE',
        path: '/news',
        headers: { host: client.host },
      },
      (res) => {
        res.resume();
        resolve(res.statusCode);
      },
    );
    req.on('error', reject);
    req.end();
  });
  assert.equal(purged, 200);
  assert.equal((await client.get('/news')).headers['x-cache'], 'MISS');
});

test('anonymous pages: MISS then HIT; logged-in requests are never served from or stored in the cache', async () => {
  const first = await client.get('/news?caching=1');
  assert.equal(first.headers['x-cache'], 'MISS');
  const second = await client.get('/news?caching=1', { cookie: '_ga=GA1.2.3; consent=yes' });
  assert.equal(second.headers['x-cache'], 'HIT', 'other cookies are stripped, not a reason to pass');
  assert.equal(second.headers['set-cookie'], undefined);

  const loggedIn: Array<Record<string, string>> = [
    { authorization: adminAuth },
    { cookie: 'auth_token=not-a-real-token' },
  ];
  for (const headers of loggedIn) {
    const r = await client.get('/news/item?caching=2', headers);
    assert.equal(r.headers['x-cache'], 'MISS', JSON.stringify(headers));
    assert.equal(
      (await client.get('/news?caching=1', headers)).headers['x-cache'],
      'MISS',
      'never from cache',
    );
  }
  const anon = await client.get('/news/item?caching=2');
  assert.equal(anon.headers['x-cache'], 'MISS', 'what a logged-in request fetched was not stored');
  const api = await client.get('/++api++/news?caching=3', { accept: 'application/json' });
  assert.equal(api.headers['x-cache'], 'MISS');
  assert.equal((await client.get('/++api++/news?caching=3')).headers['x-cache'], 'HIT');
});

test('after an acknowledged edit the page, the API response and the home page teaser and listing are fresh within 1 s', async () => {
  const urls = ['/news/item', '/news', '/', '/++api++/news/item'];
  for (const u of urls) {
    await client.get(u);
    assert.equal((await client.get(u)).headers['x-cache'], 'HIT', `${u} warm`);
  }
  for (let round = 1; round <= 3; round++) {
    const title = `Edited title ${round}`;
    await write('PATCH', '/++api++/news/item', { title });
    const acknowledged = Date.now();
    const stale = new Set(urls);
    while (stale.size && Date.now() - acknowledged < 1000) {
      for (const u of [...stale]) if ((await client.get(u)).body.includes(title)) stale.delete(u);
      if (stale.size) await sleep(25);
    }
    assert.deepEqual([...stale], [], `still stale ${Date.now() - acknowledged} ms after the edit`);
  }
});

test('a page tagged with well over 100 UIDs (three large tag headers) passes Varnish and nginx', async () => {
  await write('POST', '/++api++/', { '@type': 'Folder', id: 'big', title: 'Big' });
  await write('POST', '/++api++/big/@workflow/publish', {});
  for (let i = 0; i < 130; i++)
    await write('POST', '/++api++/big', { '@type': 'Document', id: `d${i}`, title: `Entry number ${i}` });
  await sleep(2500); // past the repeated purges of the folder's tag
  const r = await client.get('/big');
  assert.equal(r.status, 200, r.body.slice(0, 200));
  assert.equal((await client.get('/big')).headers['x-cache'], 'HIT');
});

/** HAProxy's status of one server. */
async function haproxyStatus(name: string) {
  const state = readState(dir);
  const stats = await serverStats(state.haproxySocket);
  return stats.find((s) => s.server === name)?.status ?? 'missing';
}

/** Reads that reach the backends: cache-busting API URLs and logged-in pages. */
const uncachedReads = (i: number) =>
  i % 2 ? { path: `/++api++/news/item?load=${i}` } : { path: '/news', headers: { authorization: adminAuth } };

test('one of two backends killed under load: no failed reads, failed writes only among those in flight, acknowledged writes kept; back in rotation within 5 s of its restart', async () => {
  const state = readState(dir);
  const b1 = state.processes.find((p) => p.name === 'b1')!;
  const load = startLoad(client, 8, uncachedReads);
  const writes = startWrites(4);
  await sleep(1000);
  const killStarted = Date.now();
  await stopProcess(b1, 0, 'SIGKILL');
  // Gone for good once its port refuses connections: a dying process's last
  // threads may keep the listening socket (and accept into its backlog) a
  // little after its main thread is a zombie.
  while (await accepts(b1.ready.host, b1.ready.port)) await sleep(10);
  const killed = Date.now();
  await sleep(3000);
  assert.match(await haproxyStatus('b1'), /DOWN/);
  launch(dir, b1);
  writeState(state); // its new pid, for stack restart and stack down
  await waitReady(dir, b1);
  const ready = Date.now();
  while (!(await haproxyStatus('b1')).startsWith('UP')) {
    assert.ok(Date.now() - ready < 5000, 'b1 back in rotation within 5 s');
    await sleep(100);
  }
  await sleep(500);
  const [result, attempts] = await Promise.all([load.stop(), writes.stop()]);
  assert.ok(result.ok > 50, `requests served: ${result.ok}`);
  assert.deepEqual(result.failures, [], `${result.failed} failed`);

  // A write may fail only if it was in flight when b1 died: started before the
  // process was gone (its port refusing) and still unanswered when the kill began. Later ones are
  // sent to b2 (a refused connection is retried elsewhere, even for a POST).
  const acknowledged = attempts.filter((a) => a.status === 201);
  const failed = attempts.filter((a) => a.status !== 201);
  assert.ok(acknowledged.length > 20, `writes acknowledged: ${acknowledged.length}`);
  for (const a of failed)
    assert.ok(
      a.start <= killed && a.end >= killStarted,
      `write ${a.id} failed (${a.status} ${a.error ?? ''}) outside the kill: ${a.start - killStarted}…${a.end - killStarted} ms`,
    );
  // Every acknowledged write is there, on whichever backend answers.
  for (const a of acknowledged) {
    const r = await client.get(`/++api++/news/${a.id}`, json);
    assert.equal(r.status, 200, `acknowledged ${a.id} is kept`);
  }
});

function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host, port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

interface WriteAttempt {
  id: string;
  start: number;
  end: number;
  /** 0 when no answer came (connection reset). */
  status: number;
  error?: string;
}

/** `concurrency` loops creating documents in /news until stop(); every attempt recorded with its timing. */
function startWrites(concurrency: number) {
  const attempts: WriteAttempt[] = [];
  let running = true;
  let n = 0;
  const loops = Array.from({ length: concurrency }, async () => {
    while (running) {
      const id = `kill-write-${n++}`;
      const start = Date.now();
      try {
        const r = await client.send('POST', '/++api++/news', json, { '@type': 'Document', id, title: id });
        attempts.push({
          id,
          start,
          end: Date.now(),
          status: r.status,
          error: r.status === 201 ? undefined : r.body.slice(0, 80),
        });
      } catch (err) {
        attempts.push({ id, start, end: Date.now(), status: 0, error: (err as Error).message });
      }
    }
  });
  return {
    async stop() {
      running = false;
      await Promise.all(loops);
      return attempts;
    },
  };
}

test('a rolling restart of every backend and frontend (drained through HAProxy) under load: 0 failed requests', async () => {
  const load = startLoad(client, 8, (i) => (i % 3 ? uncachedReads(i) : { path: '/' }));
  await sleep(500);
  const restart = await runTessera(['stack', 'restart', '--dir', dir]);
  assert.equal(restart.code, 0, restart.err);
  assert.match(restart.out, /b1 restarted[\s\S]*b2 restarted[\s\S]*f1 restarted[\s\S]*f2 restarted/);
  const result = await load.stop();
  assert.ok(result.ok > 50, `requests served: ${result.ok}`);
  assert.deepEqual(result.failures, [], `${result.failed} failed`);
});

test('both backends down: warmed anonymous pages are still served (grace), expired or not', async () => {
  const pages = ['/', '/news', '/news/item'];
  for (const p of pages) await client.get(p);
  const state = readState(dir);
  const backends = state.processes.filter((p) => p.kind === 'backend');
  await Promise.all(backends.map((p) => stopProcess(p)));
  await sleep((PAGE_TTL + 2) * 1000); // past s-maxage: only grace keeps them
  for (const b of backends) assert.match(await haproxyStatus(b.name), /DOWN/, `${b.name} is down`);
  for (const p of pages) {
    const r = await client.get(p);
    assert.equal(r.status, 200, p);
    assert.ok(Number(r.headers.age) > PAGE_TTL, `${p} is a stale copy (Age ${r.headers.age})`);
    assert.match(r.body, /Edited title 3/);
  }
});
