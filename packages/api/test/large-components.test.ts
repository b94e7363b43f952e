// Bodies around a large shared component (a deep navigation tree) are sent
// as chunks with the shared part's cached bytes: the same JSON, the right
// Content-Length, a working ETag.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createDirect } from './direct.js';
import { startSite, type TestSite } from './harness.js';

let s: TestSite;

before(async () => {
  s = await startSite({ distribution: 'classic' });
  await s.storage.write({ principal: 'test' }, async (tx) => {
    const root = (await tx.byPath(''))!;
    // Twenty folders of 200: a tree over 512 KB, more than the response cache keeps,
    // so @navigation is written in chunks around the tree's cached bytes.
    for (const f of ['one', 'two', 'three', ...Array.from({ length: 17 }, (_, i) => `f${i}`)]) {
      const folder = await createDirect(s, tx, root, { '@type': 'Folder', id: f, title: `Folder ${f}` });
      for (let i = 0; i < 200; i++)
        await createDirect(s, tx, folder, {
          '@type': 'Document',
          id: `d${i}`,
          title: `A document with a longish title, number ${i}`,
        });
    }
  });
});
after(() => s.close());

test('@navigation with a tree over 64 KB: same JSON, exact length, ETag and 304', async () => {
  const url = '/one/d1/@navigation?expand.navigation.depth=2';
  const first = await s.call('GET', url);
  assert.equal(first.status, 200);
  const raw = first.body as unknown as string;
  assert.ok(raw.length > 512 * 1024, `body is ${raw.length} bytes`);
  assert.equal(Number(first.headers['content-length']), Buffer.byteLength(raw));
  assert.equal(first.json.items.length, 21);
  assert.equal(first.json['@id'], 'http://localhost:80/one/d1/@navigation');
  // Another page: the same tree, its own @id, the same bytes otherwise.
  const other = await s.call('GET', '/two/d5/@navigation?expand.navigation.depth=2');
  assert.deepEqual(other.json.items, first.json.items);
  assert.equal(other.json['@id'], 'http://localhost:80/two/d5/@navigation');
  const etag = String(first.headers.etag);
  const again = await s.call('GET', url, undefined, { 'if-none-match': etag });
  assert.equal(again.status, 304);
  // A change anywhere in the tree changes the ETag.
  await s.call('PATCH', '/three/d7', { title: 'Renamed' });
  const changed = await s.call('GET', url, undefined, { 'if-none-match': etag });
  assert.equal(changed.status, 200);
  assert.notEqual(changed.headers.etag, etag);
  assert.ok(JSON.stringify(changed.json).includes('Renamed'));
});

test('a content GET embedding the large tree (cached response) is whole too', async () => {
  const res = await s.call('GET', '/one/d1?expand=navigation&expand.navigation.depth=2');
  assert.equal(res.status, 200);
  assert.equal(Number(res.headers['content-length']), Buffer.byteLength(res.body as unknown as string));
  assert.equal(res.json['@components'].navigation.items.length, 21);
});
