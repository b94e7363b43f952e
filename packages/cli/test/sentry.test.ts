// Optional Sentry reporting (src/sentry.ts). The Sentry service cannot run
// here: a local node:http server stands in for it and receives the SDK's
// envelope POSTs. The error comes from a real handler of the real app.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { buildApp, initSite } from '@tessera/api';
import { parseConfig } from '@tessera/core';
import { openStorage } from '@tessera/storage';
import pino from 'pino';
import { captureServerErrors, reportErrors } from '../src/sentry.js';
import { startServer, stop } from './process.js';
import { tempDirs } from './temp-dirs.js';

const tmp = tempDirs('tessera-sentry-');
const FORBID = fileURLToPath(new URL('./fixtures/forbid-sentry.mjs', import.meta.url));
const silent = pino({ level: 'silent' });

test('without SENTRY_DSN nothing imports @sentry/*: the server runs with such imports made to fail', async () => {
  const env = { TESSERA_DATA: tmp(), NODE_OPTIONS: `--import=${FORBID}`, SENTRY_DSN: '' };
  const server = await startServer([], env);
  try {
    assert.equal((await fetch(`${server.url}/ok`)).status, 200);
    assert.equal((await fetch(`${server.url}/`, { headers: { accept: 'application/json' } })).status, 200);
  } finally {
    await stop(server);
  }
  // The guard works: with a DSN the same process fails to start.
  await assert.rejects(
    startServer([], { ...env, SENTRY_DSN: 'http://key@127.0.0.1:9/1' }),
    /forbidden import: @sentry\/node/,
  );
  assert.equal(await reportErrors(silent, {}), undefined);
});

test('with SENTRY_DSN, a handler error that ends as a 500 is sent as an envelope; a 404 is not', async () => {
  const envelopes: string[] = [];
  const sentry = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => {
      body += d;
    });
    req.on('end', () => {
      if (req.method === 'POST' && /\/api\/1\/envelope\//.test(req.url ?? '')) envelopes.push(body);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    });
  });
  await new Promise<void>((r) => sentry.listen(0, '127.0.0.1', r));
  const { port } = sentry.address() as { port: number };
  const config = parseConfig({ data: tmp(), logLevel: 'silent', adminPassword: 'sentry-secret' });
  const storage = openStorage({ dataDir: config.data, db: '' });
  try {
    const capture = await reportErrors(silent, { SENTRY_DSN: `http://publickey@127.0.0.1:${port}/1` });
    assert.ok(capture);
    await storage.migrate();
    await initSite({ storage, config });
    const { app } = await buildApp({ config, storage, logger: silent });
    captureServerErrors(app, capture);
    // A handler with a bug, beside the real ones.
    app.get('/boom', () => {
      throw new Error('kaboom in a handler');
    });
    const boom = await app.inject({ url: '/boom' });
    assert.equal(boom.statusCode, 500);
    assert.equal(boom.json().error.type, 'InternalServerError');
    assert.doesNotMatch(boom.body, /kaboom/, 'the message stays out of the response');
    const missing = await app.inject({ url: '/no-such-page', headers: { accept: 'application/json' } });
    assert.equal(missing.statusCode, 404);
    const Sentry = await import('@sentry/node');
    await Sentry.flush(5000);
    assert.equal(envelopes.length, 1, envelopes.join('\n'));
    assert.match(envelopes[0], /kaboom in a handler/);
    await app.close();
  } finally {
    await storage.close();
    await new Promise((r) => sentry.close(r));
  }
});
