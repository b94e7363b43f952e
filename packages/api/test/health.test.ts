import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startSite } from './harness.js';

test('/ok never touches the database; /ready fails while it is unreachable', async () => {
  const s = await startSite();
  try {
    const ok = await s.app.inject({ method: 'GET', url: '/ok' });
    assert.equal(ok.statusCode, 200);
    assert.equal(ok.body, 'OK');
    assert.equal((await s.app.inject({ method: 'GET', url: '/ready' })).statusCode, 200);
    await s.storage.close(); // the database goes away
    const ready = await s.app.inject({ method: 'GET', url: '/ready' });
    assert.equal(ready.statusCode, 503);
    assert.equal((await s.app.inject({ method: 'GET', url: '/ok' })).statusCode, 200);
  } finally {
    await s.app.close();
    await s.close().catch(() => {});
  }
});
