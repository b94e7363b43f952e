// @database (docs/site-admin.md): the database's kind, name and size, how
// many objects, revisions, transactions and blobs it holds, and this
// process's cache, in the keys Volto's Database panel shows.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startSite, type TestSite } from './harness.js';
import { addUser } from './users.js';

let s: TestSite;
let member: string;
let siteadmin: string;

before(async () => {
  s = await startSite();
  member = await addUser(s, 'mona', ['Member']);
  siteadmin = await addUser(s, 'sam', ['Site Administrator']);
});
after(() => s.close());

test('the figures are the database’s own', async () => {
  const first = (await s.call('GET', '/@database')).json;
  assert.equal(first['@id'], 'http://localhost:80/@database');
  assert.equal(first.database_kind, s.storage.dialect);
  assert.equal(typeof first.db_name, 'string');
  assert.ok(first.db_name.length > 0);
  assert.ok(first.db_size > 0);
  for (const k of [
    'cache_length',
    'cache_length_bytes',
    'cache_size',
    'revisions',
    'transactions',
    'blobs_in_database',
    'blob_bytes_in_database',
  ])
    assert.equal(typeof first[k], 'number', k);
  assert.equal(first.cache_detail_length.length, 1);
  assert.deepEqual(Object.keys(first.cache_detail_length[0]).sort(), ['connection', 'ngsize', 'size']);

  for (const id of ['a', 'b'])
    assert.equal((await s.call('POST', '/', { '@type': 'Document', id, title: id })).status, 201);
  const file = await s.call('POST', '/', {
    '@type': 'File',
    id: 'f',
    file: {
      data: Buffer.from('hello').toString('base64'),
      encoding: 'base64',
      filename: 'h.txt',
      'content-type': 'text/plain',
    },
  });
  assert.equal(file.status, 201, file.body);
  const next = (await s.call('GET', '/@database')).json;
  assert.equal(next.database_size, first.database_size + 3);
  assert.ok(next.transactions >= first.transactions + 3);
  assert.ok(next.revisions >= first.revisions + 3);
  // Blobs go to files beside an SQLite database, into the database on the others.
  const inDb = next.blob_storage === 'database';
  assert.equal(next.blob_storage, s.storage.dialect === 'sqlite' ? 'files' : 'database');
  assert.equal(next.blobs_in_database, first.blobs_in_database + (inDb ? 1 : 0));
  assert.equal(next.blob_bytes_in_database, first.blob_bytes_in_database + (inDb ? 5 : 0));

  assert.equal((await s.call('DELETE', '/a')).status, 204);
  const trashed = (await s.call('GET', '/@database')).json;
  assert.equal(trashed.database_size, next.database_size - 1);
  assert.equal(trashed.trashed_objects, next.trashed_objects + 1);
});

test('site administrators only, on the site root', async () => {
  assert.equal((await s.call('GET', '/@database', undefined, {}, siteadmin)).status, 200);
  assert.equal((await s.call('GET', '/@database', undefined, {}, member)).status, 403);
  assert.equal((await s.call('GET', '/@database', undefined, {}, null)).status, 401);
  assert.equal((await s.call('GET', '/b/@database')).status, 404);
});
