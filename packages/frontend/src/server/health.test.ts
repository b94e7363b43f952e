// The frontend's /ok and /ready against a real HTTP server standing in as the
// backend (its /ok), an address where nothing listens, and while draining.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { test } from 'node:test';
import { healthEndpoints } from './health.js';

async function listen(handler: Parameters<typeof createServer>[1]): Promise<{ server: Server; url: string }> {
  const server = createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}` };
}

test('/ok always; /ready 200 when the backend answers /ok, 503 when it does not or while draining', async () => {
  const backend = await listen((req, res) => {
    res.writeHead(req.url === '/ok' ? 200 : 404);
    res.end('OK');
  });
  const gone = await listen(() => {});
  const goneUrl = gone.url;
  await new Promise((r) => gone.server.close(r));
  let draining = false;
  let apiUrl = backend.url;
  const frontend = await listen((req, res) => {
    const health = healthEndpoints({ apiUrl, draining: () => draining });
    if (!health(req, res, req.url ?? '/')) {
      res.writeHead(418);
      res.end();
    }
  });
  try {
    const at = async (path: string) => {
      const r = await fetch(frontend.url + path);
      return [r.status, await r.text()];
    };
    assert.deepEqual(await at('/ok'), [200, 'OK']);
    assert.deepEqual(await at('/ready'), [200, 'READY']);
    assert.deepEqual(await at('/other'), [418, '']);
    apiUrl = goneUrl;
    assert.deepEqual(await at('/ready'), [503, 'BACKEND UNAVAILABLE']);
    assert.deepEqual(await at('/ok'), [200, 'OK']);
    apiUrl = backend.url;
    draining = true;
    assert.deepEqual(await at('/ready'), [503, 'DRAINING']);
  } finally {
    frontend.server.close();
    backend.server.close();
  }
});
