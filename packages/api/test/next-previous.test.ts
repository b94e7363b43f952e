// next_item / previous_item on content GET (plone.nextprevioustoggle).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startSite, type TestSite } from './harness.js';

let s: TestSite;
const BASE = 'http://localhost:80';

before(async () => {
  s = await startSite({ distribution: 'classic' });
  await s.call('POST', '/', { '@type': 'Folder', id: 'f', title: 'F' });
  for (const id of ['a', 'b', 'c', 'd', 'e'])
    await s.call('POST', '/f', {
      '@type': 'Document',
      id,
      title: id.toUpperCase(),
      description: `about ${id}`,
    });
  await s.call('POST', '/f/@workflow/publish', {});
  // c stays private: anonymous skips it.
  for (const id of ['a', 'b', 'd', 'e']) await s.call('POST', `/f/${id}/@workflow/publish`, {});
});
after(() => s.close());

const get = (path: string, auth?: null) => s.call('GET', path, undefined, {}, auth);

test('empty while the folder has next/previous navigation off', async () => {
  const res = await get('/f/b');
  assert.deepEqual(res.json.next_item, {});
  assert.deepEqual(res.json.previous_item, {});
});

test('the siblings before and after, in folder order, in the documented shape', async () => {
  assert.equal((await s.call('PATCH', '/f', { nextPreviousEnabled: true })).status, 204);
  const res = await get('/f/b');
  assert.deepEqual(res.json.previous_item, {
    '@id': `${BASE}/f/a`,
    '@type': 'Document',
    description: 'about a',
    title: 'A',
  });
  assert.equal(res.json.next_item['@id'], `${BASE}/f/c`);
  // The ends have nothing on one side.
  assert.deepEqual((await get('/f/a')).json.previous_item, {});
  assert.deepEqual((await get('/f/e')).json.next_item, {});
});

test('items the principal may not View are skipped', async () => {
  const b = await get('/f/b', null);
  assert.equal(b.status, 200);
  assert.equal(b.json.next_item['@id'], `${BASE}/f/d`);
  const d = await get('/f/d', null);
  assert.equal(d.json.previous_item['@id'], `${BASE}/f/b`);
});

test('follows reordering and deletions, and cached responses see the change', async () => {
  assert.equal((await get('/f/d')).json.next_item['@id'], `${BASE}/f/e`);
  // Move e to the top: d is last now, and a comes after e.
  assert.equal((await s.call('PATCH', '/f', { ordering: { obj_id: 'e', delta: 'top' } })).status, 204);
  assert.deepEqual((await get('/f/d')).json.next_item, {});
  assert.equal((await get('/f/a')).json.previous_item['@id'], `${BASE}/f/e`);
  // Gaps left by deletions do not matter.
  assert.equal((await s.call('DELETE', '/f/b')).status, 204);
  const c = await get('/f/c');
  assert.equal(c.json.previous_item['@id'], `${BASE}/f/a`);
  assert.equal(c.json.next_item['@id'], `${BASE}/f/d`);
});

test('turning it off empties them again', async () => {
  assert.equal((await s.call('PATCH', '/f', { nextPreviousEnabled: false })).status, 204);
  assert.deepEqual((await get('/f/c')).json.next_item, {});
});
