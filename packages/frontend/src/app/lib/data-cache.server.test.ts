import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type CachedAnswer, DataCache } from './data-cache.server.js';

const answer = (status: number, body: unknown = null): CachedAnswer => ({ status, body, keys: ['u1'] });

test('answers are reused within the TTL and asked again after it', async () => {
  const cache = new DataCache(1000);
  let calls = 0;
  const load = async () => answer(200, ++calls);
  assert.equal((await cache.get('/nav', load, 0)).body, 1);
  assert.equal((await cache.get('/nav', load, 999)).body, 1);
  assert.equal((await cache.get('/nav', load, 1000)).body, 2);
});

test('concurrent misses share one backend call', async () => {
  const cache = new DataCache(1000);
  let calls = 0;
  const load = () => new Promise<CachedAnswer>((r) => setTimeout(() => r(answer(200, ++calls)), 5));
  const all = await Promise.all([
    cache.get('/x', load, 0),
    cache.get('/x', load, 0),
    cache.get('/x', load, 0),
  ]);
  assert.deepEqual(
    all.map((a) => a.body),
    [1, 1, 1],
  );
});

test('errors and failures are not cached', async () => {
  const cache = new DataCache(1000);
  await cache.get('/e', async () => answer(503), 0);
  await new Promise((r) => setImmediate(r));
  assert.equal((await cache.get('/e', async () => answer(200, 'ok'), 1)).body, 'ok');
  await assert.rejects(
    cache.get('/f', async () => {
      throw new Error('down');
    }),
  );
  await new Promise((r) => setImmediate(r));
  assert.equal((await cache.get('/f', async () => answer(200, 'back'))).body, 'back');
});

test('bounded: the oldest entries go first; TTL 0 turns caching off', async () => {
  const cache = new DataCache(1000, 2);
  for (const k of ['a', 'b', 'c']) await cache.get(k, async () => answer(200, k), 0);
  assert.equal(cache.size, 2);
  assert.equal((await cache.get('a', async () => answer(200, 'a2'), 1)).body, 'a2');
  const off = new DataCache(0);
  let calls = 0;
  await off.get('x', async () => answer(200, ++calls));
  await off.get('x', async () => answer(200, ++calls));
  assert.equal(calls, 2);
  assert.equal(off.size, 0);
});
