// Several backend processes on one database: no process serves what another
// has changed since (serialization cache, types, users).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { BASIC, startSite, type TestSite } from './harness.js';

let s: TestSite;
let peer: Awaited<ReturnType<TestSite['peer']>>;
before(async () => {
  s = await startSite();
  peer = await s.peer();
});
after(async () => {
  await peer.close();
  await s.close();
});

const headers = { accept: 'application/json', authorization: BASIC, 'content-type': 'application/json' };
const viaPeer = (method: string, url: string, body?: unknown) =>
  peer.app.inject({
    method: method as any,
    url,
    headers,
    payload: body === undefined ? undefined : JSON.stringify(body),
  });

test('a cached object is re-read after another process changes it', async () => {
  await s.call('POST', '/', { '@type': 'Document', id: 'shared', title: 'v1' });
  assert.equal((await s.call('GET', '/shared')).json.title, 'v1');
  assert.equal((await s.call('GET', '/shared')).json.title, 'v1'); // now cached
  assert.equal((await viaPeer('PATCH', '/shared', { title: 'v2' })).statusCode, 204);
  assert.equal((await s.call('GET', '/shared')).json.title, 'v2');
  assert.equal((await viaPeer('DELETE', '/shared')).statusCode, 204);
  assert.equal((await s.call('GET', '/shared')).status, 404);
});

test('a field added to a type in one process is usable in the other', async () => {
  const add = await viaPeer('POST', '/@types/Document', {
    factory: 'Text line (String)',
    title: 'Shoe size',
  });
  assert.equal(add.statusCode, 201, add.body);
  const r = await s.call('POST', '/', { '@type': 'Document', title: 'With field', shoe_size: '44' });
  assert.equal(r.status, 201, r.body);
  assert.equal(r.json.shoe_size, '44');
});

test("another process's create, edit or delete inside a folder shows in this process's cached listing", async () => {
  await s.call('POST', '/', { '@type': 'Folder', id: 'shared-folder', title: 'F' });
  const items = async () => (await s.call('GET', '/shared-folder')).json.items.map((i: any) => i.title);
  assert.deepEqual(await items(), []);
  assert.deepEqual(await items(), []); // now cached
  const r = await viaPeer('POST', '/shared-folder', { '@type': 'Document', id: 'child', title: 'Child' });
  assert.equal(r.statusCode, 201, r.body);
  assert.deepEqual(await items(), ['Child']);
  assert.equal((await viaPeer('PATCH', '/shared-folder/child', { title: 'Renamed' })).statusCode, 204);
  assert.deepEqual(await items(), ['Renamed']);
  assert.equal((await viaPeer('DELETE', '/shared-folder/child')).statusCode, 204);
  assert.deepEqual(await items(), []);
});
