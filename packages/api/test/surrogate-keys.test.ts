// Surrogate keys on API responses: the UIDs a response was built from, in
// xkey / Surrogate-Key / Cache-Tag, the same on a first render, a cache hit
// through Fastify and a hit on the node:http fast path (a real socket).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { MAX_KEYS } from '../src/surrogate-keys.js';
import { BASIC, startSite, type TestSite } from './harness.js';

let s: TestSite;
let base: string;
before(async () => {
  s = await startSite();
  base = await s.app.listen({ port: 0, host: '127.0.0.1' });
});
after(() => s.close());

const get = (path: string) =>
  fetch(`${base}${path}`, { headers: { accept: 'application/json', authorization: BASIC } });
const post = async (path: string, body: unknown) => {
  const r = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { accept: 'application/json', 'content-type': 'application/json', authorization: BASIC },
    body: JSON.stringify(body),
  });
  assert.equal(r.status, 201);
  return (await r.json()) as { UID: string };
};
const keysOf = (r: Response) => (r.headers.get('xkey') ?? '').split(' ').filter(Boolean);

test('a content GET names the object, its parent and its items; hits carry the same keys', async () => {
  const folder = await post('/', { '@type': 'Folder', id: 'tagged', title: 'Tagged' });
  const a = await post('/tagged', { '@type': 'Document', id: 'a', title: 'A' });
  const b = await post('/tagged', { '@type': 'Document', id: 'b', title: 'B' });
  const root = ((await (await get('/')).json()) as { UID: string }).UID;

  const first = await get('/tagged');
  assert.equal(first.status, 200);
  const keys = keysOf(first);
  for (const uid of [folder.UID, a.UID, b.UID, root]) assert.ok(keys.includes(uid), `${uid} in ${keys}`);
  assert.equal(keys[0], folder.UID, 'the object itself comes first');
  assert.equal(first.headers.get('surrogate-key'), keys.join(' '));
  assert.equal(first.headers.get('cache-tag'), keys.join(','));

  // Cached: the fast path (socket) answers with the same keys.
  const hits = s.site.cache.hits;
  const again = await get('/tagged');
  assert.ok(s.site.cache.hits > hits, 'a cache hit');
  assert.deepEqual(keysOf(again), keys);

  // A document names itself and its parent, not its siblings.
  const doc = keysOf(await get('/tagged/a'));
  assert.ok(doc.includes(a.UID) && doc.includes(folder.UID));
  assert.ok(!doc.includes(b.UID));
});

test('writes, errors and non-content replies carry no keys; long listings are capped', async () => {
  const r = await fetch(`${base}/tagged`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/json', authorization: BASIC },
    body: JSON.stringify({ title: 'Retitled' }),
  });
  assert.equal(r.status, 204);
  assert.equal(r.headers.get('xkey'), null);
  assert.equal((await get('/nowhere')).headers.get('xkey'), null);

  const big = await post('/', { '@type': 'Folder', id: 'big', title: 'Big' });
  for (let i = 0; i < MAX_KEYS + 5; i++) await post('/big', { '@type': 'Document', title: `Item ${i}` });
  const keys = keysOf(await get('/big?b_size=200'));
  assert.equal(keys.length, MAX_KEYS);
  assert.equal(keys[0], big.UID);
});
