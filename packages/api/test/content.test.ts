import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startSite, type TestSite } from './harness.js';

let s: TestSite;
before(async () => {
  s = await startSite();
});
after(() => s.close());

test('the site root serializes as a Plone Site', async () => {
  const r = await s.call('GET', '/');
  assert.equal(r.status, 200);
  assert.equal(r.json['@type'], 'Plone Site');
  assert.equal(r.json['@id'], 'http://localhost:80');
  assert.equal(r.json.id, 'plone');
  assert.equal(r.json.is_folderish, true);
  assert.deepEqual(r.json.items, []);
  assert.equal(r.json.items_total, 0);
  assert.deepEqual(r.json.parent, {});
  assert.equal(r.json.review_state, null);
});

test('create, read, patch, delete a document', async () => {
  const folder = await s.call('POST', '/', { '@type': 'Folder', title: 'My Folder' });
  assert.equal(folder.status, 201, folder.body);
  assert.equal(folder.json.id, 'my-folder');
  assert.equal(folder.headers.location, 'http://localhost:80/my-folder');

  const doc = await s.call('POST', '/my-folder', { '@type': 'Document', title: 'My Document' });
  assert.equal(doc.status, 201, doc.body);
  assert.equal(doc.json['@id'], 'http://localhost:80/my-folder/my-document');
  assert.equal(doc.json.review_state, 'private');
  assert.deepEqual(doc.json.creators, ['admin']);
  assert.equal(doc.json.parent.title, 'My Folder');
  assert.match(doc.json.UID, /^[0-9a-f]{32}$/);

  const again = await s.call('POST', '/my-folder', { '@type': 'Document', title: 'My Document' });
  assert.equal(again.json.id, 'my-document-1', 'collisions get a counter');

  const patched = await s.call('PATCH', '/my-folder/my-document', { title: 'New Title' });
  assert.equal(patched.status, 204);
  const read = await s.call('GET', '/my-folder/my-document');
  assert.equal(read.json.title, 'New Title');

  const rep = await s.call(
    'PATCH',
    '/my-folder/my-document',
    { description: 'd' },
    { prefer: 'return=representation' },
  );
  assert.equal(rep.status, 200);
  assert.equal(rep.json.description, 'd');

  const listing = await s.call('GET', '/my-folder?metadata_fields=UID');
  assert.equal(listing.json.items_total, 2);
  assert.equal(listing.json.items[0].title, 'New Title', 'the cached folder listing saw the change');
  assert.equal(listing.json.items[0].UID, doc.json.UID);

  assert.equal((await s.call('DELETE', '/my-folder/my-document')).status, 204);
  assert.equal((await s.call('GET', '/my-folder/my-document')).status, 404);
  assert.equal((await s.call('GET', '/my-folder')).json.items_total, 1);
});

test('reorder children with PATCH ordering', async () => {
  await s.call('POST', '/', { '@type': 'Folder', id: 'ordered', title: 'Ordered' });
  for (const id of ['a', 'b', 'c']) await s.call('POST', '/ordered', { '@type': 'Document', id, title: id });
  const r = await s.call('PATCH', '/ordered', { ordering: { obj_id: 'c', delta: 'top' } });
  assert.equal(r.status, 204);
  const ids = (await s.call('GET', '/ordered')).json.items.map((i: any) => i['@id'].split('/').pop());
  assert.deepEqual(ids, ['c', 'a', 'b']);
  const bad = await s.call('PATCH', '/ordered', { ordering: { obj_id: 'zzz', delta: 'top' } });
  assert.equal(bad.status, 400);
});

test('batching of folder items', async () => {
  await s.call('POST', '/', { '@type': 'Folder', id: 'many', title: 'Many' });
  for (let i = 0; i < 7; i++) await s.call('POST', '/many', { '@type': 'Document', title: `Doc ${i}` });
  const r = await s.call('GET', '/many?b_size=3&b_start=3');
  assert.equal(r.json.items.length, 3);
  assert.equal(r.json.items_total, 7);
  assert.equal(r.json.items[0].title, 'Doc 3');
  assert.equal(r.json.batching.next, 'http://localhost:80/many?b_start=6&b_size=3');
  assert.equal(r.json.batching.prev, 'http://localhost:80/many?b_start=0&b_size=3');
});

test('anonymous may read but not write; bad credentials stay anonymous', async () => {
  assert.equal((await s.call('GET', '/', undefined, {}, null)).status, 200);
  const w = await s.call('POST', '/', { '@type': 'Document', title: 'x' }, {}, null);
  assert.equal(w.status, 401);
  assert.equal(w.json.type, 'Unauthorized', 'refused by the publisher: the flat error shape');
  const wrong = `Basic ${Buffer.from('admin:wrong').toString('base64')}`;
  assert.equal((await s.call('POST', '/', { '@type': 'Document', title: 'x' }, {}, wrong)).status, 401);
});

test('conditional GET answers 304 for a matching ETag', async () => {
  const first = await s.call('GET', '/');
  const etag = first.headers.etag as string;
  assert.ok(etag);
  const second = await s.call('GET', '/', undefined, { 'if-none-match': etag });
  assert.equal(second.status, 304);
});

test('the default (volto) distribution gives Document and the root Volto blocks', async () => {
  const schema = await s.call('GET', '/@types/Document');
  assert.ok(schema.json.properties.blocks, 'Document has blocks');
  assert.ok(schema.json.properties.blocks_layout);
  const root = await s.call('GET', '/');
  assert.equal(typeof root.json.blocks, 'object');
  assert.equal(root.json.blocks_layout.items.length, 2);
  const page = {
    '@type': 'Document',
    title: 'Volto page',
    blocks: {
      a: { '@type': 'title' },
      b: { '@type': 'slate', value: [{ type: 'p', children: [{ text: 'Hi' }] }] },
    },
    blocks_layout: { items: ['a', 'b'] },
  };
  const created = await s.call('POST', '/', page);
  assert.equal(created.status, 201, created.body);
  assert.deepEqual(created.json.blocks, page.blocks);
  assert.deepEqual(created.json.blocks_layout, page.blocks_layout);
});

test('If-Match: a write against a stale ETag is refused with 412, nothing written', async () => {
  await s.call('POST', '/', { '@type': 'Document', id: 'guarded', title: 'v1' });
  const read = await s.call('GET', '/guarded');
  const etag = read.headers.etag as string;
  assert.equal((await s.call('PATCH', '/guarded', { title: 'v2' }, { 'if-match': etag })).status, 204);
  const stale = await s.call('PATCH', '/guarded', { title: 'v3' }, { 'if-match': etag });
  assert.equal(stale.status, 412);
  assert.equal(stale.json.error.type, 'PreconditionFailed');
  assert.equal((await s.call('GET', '/guarded')).json.title, 'v2');
  const fresh = (await s.call('GET', '/guarded')).headers.etag as string;
  assert.notEqual(fresh, etag);
  assert.equal((await s.call('DELETE', '/guarded', undefined, { 'if-match': fresh })).status, 204);
});

test("unknown fields are refused, a client's own @-keys (Volto's @static_behaviors) are ignored", async () => {
  const typo = await s.call('POST', '/', { '@type': 'Document', title: 'T', titel: 'x' });
  assert.equal(typo.status, 400);
  assert.equal(typo.json.error.errors[0].field, 'titel');

  const volto = await s.call('POST', '/', {
    '@type': 'Document',
    title: 'From Volto',
    '@static_behaviors': ['plone.basic'],
  });
  assert.equal(volto.status, 201, volto.body);
  assert.equal(volto.json['@static_behaviors'], undefined, 'not stored');
  const edit = await s.call('PATCH', '/from-volto', { title: 'Edited', '@static_behaviors': null });
  assert.equal(edit.status, 204, edit.body);
});
