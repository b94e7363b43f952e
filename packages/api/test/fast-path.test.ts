// The cached-GET fast path only runs on a real socket (inject() bypasses the
// server), so these requests go over HTTP.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { BASIC, startSite, type TestSite } from './harness.js';

let s: TestSite;
let base: string;
before(async () => {
  s = await startSite();
  base = await s.app.listen({ port: 0, host: '127.0.0.1' });
});
after(() => s.close());

const get = (path: string, headers: Record<string, string> = {}) =>
  fetch(`${base}${path}`, { headers: { accept: 'application/json', ...headers } });
const write = (method: string, path: string, body: unknown) =>
  fetch(`${base}${path}`, {
    method,
    headers: { accept: 'application/json', 'content-type': 'application/json', authorization: BASIC },
    body: JSON.stringify(body),
  });

test('cached GETs are served from the cache and stay correct after writes', async () => {
  assert.equal((await write('POST', '/', { '@type': 'Document', id: 'fast', title: 'One' })).status, 201);
  // Private until published: anonymous is refused, also when admin's view is cached.
  assert.equal((await get('/fast', { authorization: BASIC })).status, 200);
  assert.equal((await get('/fast')).status, 401);
  assert.equal((await write('POST', '/fast/@workflow/publish', {})).status, 200);
  const hitsBefore = s.site.cache.hits;
  for (let i = 0; i < 3; i++) {
    const r = await get('/fast', { authorization: BASIC });
    assert.equal(r.status, 200);
    assert.equal(((await r.json()) as any).title, 'One');
  }
  assert.ok(s.site.cache.hits >= hitsBefore + 2, 'repeated GETs were cache hits');
  assert.equal((await write('PATCH', '/fast', { title: 'Two' })).status, 204);
  assert.equal(((await (await get('/fast', { authorization: BASIC })).json()) as any).title, 'Two');
});

test('the cache is per principal and per URL form; 304 and HEAD work', async () => {
  const admin = await get('/fast?expand=actions', { authorization: BASIC });
  const adminActions = ((await admin.json()) as any)['@components'].actions.object.map((a: any) => a.id);
  const anon = await get('/fast?expand=actions');
  const anonActions = ((await anon.json()) as any)['@components'].actions.object.map((a: any) => a.id);
  assert.ok(adminActions.includes('edit'));
  assert.deepEqual(anonActions, ['view'], 'anonymous does not get the cached admin view');
  // Virtual hosting changes the URLs, so it is another cache entry.
  const vh = await get('/VirtualHostBase/https/example.org:443/VirtualHostRoot/fast');
  assert.equal(((await vh.json()) as any)['@id'], 'https://example.org/fast');
  const etag = (await get('/fast')).headers.get('etag')!;
  const notModified = await get('/fast', { 'if-none-match': etag });
  assert.equal(notModified.status, 304);
  const head = await fetch(`${base}/fast`, { method: 'HEAD' });
  assert.equal(head.status, 200);
  assert.equal(await head.text(), '');
});

test('a wrong password on a cached URL gets the anonymous view, not the cached admin one', async () => {
  const admin = await get('/fast?expand=actions', { authorization: BASIC });
  assert.ok(((await admin.json()) as any)['@components'].actions.object.some((a: any) => a.id === 'edit'));
  const wrong = `Basic ${Buffer.from('admin:wrong').toString('base64')}`;
  const r = await get('/fast?expand=actions', { authorization: wrong });
  assert.equal(r.status, 200); // published: anonymous may view it
  const ids = ((await r.json()) as any)['@components'].actions.object.map((a: any) => a.id);
  assert.deepEqual(ids, ['view']);
});

test('virtual roots at different depths on one host are different cache entries', async () => {
  // /VirtualHostBase/http/h/sub/VirtualHostRoot/x and /VirtualHostBase/http/h/VirtualHostRoot/sub/x
  // reach the same object under the same site URL, but its URL differs.
  assert.equal((await write('POST', '/', { '@type': 'Folder', id: 'sub', title: 'Sub' })).status, 201);
  assert.equal((await write('POST', '/sub', { '@type': 'Document', id: 'x', title: 'X' })).status, 201);
  assert.equal((await write('POST', '/sub/@workflow/publish', { include_children: true })).status, 200);
  for (let i = 0; i < 2; i++) {
    const inner = await get('/VirtualHostBase/http/vh.example.org/sub/VirtualHostRoot/x');
    assert.equal(((await inner.json()) as any)['@id'], 'http://vh.example.org/x');
    const outer = await get('/VirtualHostBase/http/vh.example.org/VirtualHostRoot/sub/x');
    assert.equal(((await outer.json()) as any)['@id'], 'http://vh.example.org/sub/x');
  }
});
