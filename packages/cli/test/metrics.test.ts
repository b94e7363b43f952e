// Prometheus /metrics of the real backend process: who may scrape it, what it
// counts (requests by route and status, the serialization cache), its off
// switch, and the sum over workers with --workers.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createMysqlDatabase, createPostgresDatabase } from '@tessera/storage/test-databases';
import { startServer, stop } from './process.js';
import { get, openConnection } from './raw-http.js';
import { tempDirs } from './temp-dirs.js';

const tmp = tempDirs('tessera-metrics-');
const JSON_ACCEPT = { accept: 'application/json' };

/** The value of one sample line, e.g. `tessera_http_requests_total{route="ok",method="GET",status="200"}`. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

test('/metrics: requests by route and status, cache hits; loopback only unless the bearer token is given', async () => {
  const server = await startServer([], {
    TESSERA_DATA: tmp(),
    TESSERA_ADMIN_PASSWORD: 'metrics-secret',
    TESSERA_METRICS_TOKEN: 'scrape-token-123',
  });
  try {
    for (let i = 0; i < 3; i++) await (await fetch(`${server.url}/`, { headers: JSON_ACCEPT })).text();
    await (await fetch(`${server.url}/@navigation`, { headers: JSON_ACCEPT })).text();
    await (await fetch(`${server.url}/nothing-here`, { headers: JSON_ACCEPT })).text();
    const r = await fetch(`${server.url}/metrics`);
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
    const text = await r.text();
    assert.equal(sample(text, 'tessera_http_requests_total{route="content",method="GET",status="200"}'), 3);
    assert.equal(
      sample(text, 'tessera_http_requests_total{route="@navigation",method="GET",status="200"}'),
      1,
    );
    assert.equal(sample(text, 'tessera_http_requests_total{route="not_found",method="GET",status="404"}'), 1);
    assert.equal(sample(text, 'tessera_http_request_duration_seconds_count{route="content"}'), 3);
    // The second and third GET of the root were answered from the cache (the fast path).
    assert.ok((sample(text, 'tessera_serialization_cache_hits_total') ?? 0) >= 2, text);
    assert.ok((sample(text, 'tessera_serialization_cache_misses_total') ?? 0) >= 1);
    assert.match(text, /^tessera_process_resident_memory_bytes \d+/m);

    // Through a proxy (X-Forwarded-For) the client is not trusted to be local.
    const proxied = await fetch(`${server.url}/metrics`, { headers: { 'x-forwarded-for': '203.0.113.9' } });
    assert.equal(proxied.status, 403);
    const body = (await proxied.json()) as { error: { type: string; message: string } };
    assert.equal(body.error.type, 'Forbidden');
    assert.ok(body.error.message);
    const wrong = await fetch(`${server.url}/metrics`, {
      headers: { 'x-forwarded-for': '203.0.113.9', authorization: 'Bearer nope' },
    });
    assert.equal(wrong.status, 403);
    const withToken = await fetch(`${server.url}/metrics`, {
      headers: { 'x-forwarded-for': '203.0.113.9', authorization: 'Bearer scrape-token-123' },
    });
    assert.equal(withToken.status, 200);
    assert.match(await withToken.text(), /tessera_http_requests_total/);
  } finally {
    await stop(server);
  }
});

test('TESSERA_METRICS=0 turns /metrics off (it is then just a path with no content)', async () => {
  const server = await startServer([], { TESSERA_DATA: tmp(), TESSERA_METRICS: '0' });
  try {
    const r = await fetch(`${server.url}/metrics`, { headers: JSON_ACCEPT });
    assert.equal(r.status, 404);
  } finally {
    await stop(server);
  }
});

test('--workers 2: /metrics on any worker returns the sum over both workers', async () => {
  const db = await createPostgresDatabase();
  const server = await startServer(['--workers', '2'], { TESSERA_DATA: tmp(), TESSERA_DB: db.url });
  try {
    const port = Number(new URL(server.url).port);
    // One connection per request: round robin hands them to both workers.
    for (let i = 0; i < 20; i++) {
      const c = await openConnection(port);
      c.write(get('/ok'));
      assert.equal((await c.response()).status, 200);
      c.socket.destroy();
    }
    for (let i = 0; i < 4; i++) {
      const text = await (await fetch(`${server.url}/metrics`)).text();
      assert.equal(
        sample(text, 'tessera_http_requests_total{route="ok",method="GET",status="200"}'),
        20,
        text,
      );
    }
  } finally {
    await stop(server);
    await db.drop();
  }
});

for (const [name, create] of [
  ['PostgreSQL', createPostgresDatabase],
  ['MariaDB', createMysqlDatabase],
] as const)
  test(`database pool gauges on ${name}: connections open, idle and waiting`, async () => {
    const db = await create();
    const server = await startServer([], { TESSERA_DATA: tmp(), TESSERA_DB: db.url });
    try {
      // Several requests at once make the pool open more than one connection.
      await Promise.all(
        Array.from({ length: 8 }, async (_, i) =>
          (await fetch(`${server.url}/?n=${i}`, { headers: JSON_ACCEPT })).text(),
        ),
      );
      const text = await (await fetch(`${server.url}/metrics`)).text();
      const total = sample(text, 'tessera_db_pool_total');
      const idle = sample(text, 'tessera_db_pool_idle');
      assert.ok(total !== undefined && total >= 1 && total <= 10, `pool total ${total}\n${text}`);
      assert.ok(idle !== undefined && idle >= 0 && idle <= total, `pool idle ${idle}`);
      assert.equal(sample(text, 'tessera_db_pool_waiting'), 0);
    } finally {
      await stop(server);
      await db.drop();
    }
  });

test('SQLite has no pool: no pool gauges', async () => {
  const server = await startServer([], { TESSERA_DATA: tmp() });
  try {
    const text = await (await fetch(`${server.url}/metrics`)).text();
    assert.doesNotMatch(text, /tessera_db_pool_total/);
  } finally {
    await stop(server);
  }
});
