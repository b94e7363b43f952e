// Old URLs after moves and renames (plone.app.redirector's semantics):
// 301 for GET with the @service tail and query kept, 308 for other methods,
// chains through several moves, descendants of a moved folder, only to what
// the user may see; other processes drop cached copies; @aliases.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startSite, type TestSite } from './harness.js';
import { addUser } from './users.js';

let s: TestSite;
let editor: string;
const ORIGIN = 'http://localhost:80';

const create = async (parent: string, type: string, id: string) => {
  const r = await s.call('POST', parent || '/', { '@type': type, id, title: id });
  assert.equal(r.status, 201, r.body);
};

before(async () => {
  s = await startSite();
  editor = await addUser(s, 'ed', ['Editor']);
});
after(() => s.close());

test('redirects chain through two moves, for descendants too, keeping the tail and query', async () => {
  await create('', 'Folder', 'a');
  await create('/a', 'Document', 'page');
  await create('', 'Folder', 'b');
  assert.equal((await s.call('POST', '/b/@move', { source: '/a' })).status, 200);
  assert.equal((await s.call('PATCH', '/b/a', { id: 'c' })).status, 204);

  const old = await s.call('GET', '/a');
  assert.equal(old.status, 301);
  assert.equal(old.headers.location, `${ORIGIN}/b/c`, 'straight to the final place');
  const mid = await s.call('GET', '/b/a');
  assert.equal(mid.headers.location, `${ORIGIN}/b/c`);
  const deep = await s.call('GET', '/a/page/@workflow?expand=x');
  assert.equal(deep.status, 301);
  assert.equal(deep.headers.location, `${ORIGIN}/b/c/page/@workflow?expand=x`);
  const head = await s.app.inject({
    method: 'HEAD',
    url: '/a/page',
    headers: { authorization: `Basic ${Buffer.from('admin:test-admin-password').toString('base64')}` },
  });
  assert.equal(head.statusCode, 301);

  const post = await s.call('PATCH', '/a/page', { title: 'Kept method' });
  assert.equal(post.status, 308);
  assert.equal(post.headers.location, `${ORIGIN}/b/c/page`);
  assert.equal((await s.call('GET', '/b/c/page')).json.title, 'page', 'nothing written at the old URL');
  // Nothing was ever at this path: still 404.
  assert.equal((await s.call('GET', '/a/nothing-here')).status, 404);
  assert.equal((await s.call('GET', '/never')).status, 404);
});

test('moving back to an old place: the object wins, its alias there is dropped', async () => {
  await create('', 'Document', 'wanderer');
  await create('', 'Folder', 'camp');
  await s.call('POST', '/camp/@move', { source: '/wanderer' });
  await s.call('POST', '/@move', { source: '/camp/wanderer' });
  assert.equal((await s.call('GET', '/wanderer')).status, 200);
  const back = await s.call('GET', '/camp/wanderer');
  assert.equal(back.status, 301);
  assert.equal(back.headers.location, `${ORIGIN}/wanderer`);
  const listed = await s.call('GET', '/wanderer/@aliases');
  assert.deepEqual(
    listed.json.items.map((i: any) => i.path),
    ['/camp/wanderer'],
  );
});

test('no redirect to what the user may not see', async () => {
  await create('', 'Document', 'draft');
  await create('', 'Folder', 'drafts');
  await s.call('POST', '/drafts/@move', { source: '/draft' });
  assert.equal((await s.call('GET', '/draft', undefined, {}, null)).status, 404);
  await s.call('POST', '/drafts/draft/@workflow/publish');
  const anon = await s.call('GET', '/draft', undefined, {}, null);
  assert.equal(anon.status, 301);
  assert.equal(anon.headers.location, `${ORIGIN}/drafts/draft`);
});

test("another process drops its cached copy of a moved folder's descendants", async () => {
  await create('', 'Folder', 'cached');
  await create('/cached', 'Document', 'leaf');
  await s.call('POST', '/cached/leaf/@workflow/publish');
  await s.call('POST', '/cached/@workflow/publish');
  const peer = await s.peer();
  try {
    const get = (url: string) =>
      peer.app.inject({ method: 'GET', url, headers: { accept: 'application/json' } });
    assert.equal((await get('/cached/leaf')).statusCode, 200);
    assert.equal((await get('/cached/leaf')).statusCode, 200);
    await create('', 'Folder', 'moved-here');
    assert.equal((await s.call('POST', '/moved-here/@move', { source: '/cached' })).status, 200);
    await s.call('POST', '/moved-here/@workflow/publish');
    const stale = await get('/cached/leaf');
    assert.equal(stale.statusCode, 301);
    assert.equal(stale.headers.location, `${ORIGIN}/moved-here/cached/leaf`);
    const fresh = await get('/moved-here/cached/leaf');
    assert.equal(fresh.statusCode, 200);
    assert.equal(JSON.parse(fresh.body)['@id'], `${ORIGIN}/moved-here/cached/leaf`);
  } finally {
    await peer.close();
  }
});

test('@aliases on an item: add, list, filter, delete; the alias redirects', async () => {
  await create('', 'Document', 'front');
  const add = await s.call('POST', '/front/@aliases', {
    items: [{ path: '/alias-one' }, { path: 'alias-two', datetime: '2022-05-05' }],
  });
  assert.equal(add.status, 204, add.body);
  const list = await s.call('GET', '/front/@aliases');
  assert.equal(list.json['@id'], `${ORIGIN}/front/@aliases`);
  assert.equal(list.json.items_total, 2);
  const two = list.json.items.find((i: any) => i.path === '/alias-two');
  assert.deepEqual(two, {
    datetime: '2022-05-05T00:00:00',
    manual: true,
    path: '/alias-two',
    'redirect-to': '/front',
  });
  const filtered = await s.call('GET', '/front/@aliases?query=one');
  assert.deepEqual(
    filtered.json.items.map((i: any) => i.path),
    ['/alias-one'],
  );
  const go = await s.call('GET', '/alias-one/@workflow');
  assert.equal(go.status, 301);
  assert.equal(go.headers.location, `${ORIGIN}/front/@workflow`);
  // Content paths are not aliases.
  assert.equal((await s.call('POST', '/front/@aliases', { items: [{ path: '/front' }] })).status, 400);
  assert.equal((await s.call('POST', '/front/@aliases', { items: [{ path: '/a/../x' }] })).status, 400);
  assert.equal((await s.call('POST', '/front/@aliases', { nope: 1 })).status, 400);
  assert.equal((await s.call('DELETE', '/front/@aliases', { items: [{ path: '/alias-one' }] })).status, 204);
  assert.equal((await s.call('GET', '/front/@aliases')).json.items_total, 1);
  assert.equal((await s.call('GET', '/alias-one')).status, 404);
  // Anonymous may not list them.
  assert.equal((await s.call('GET', '/front/@aliases', undefined, {}, null)).status, 401);
});

test('@aliases on the site root: bulk JSON and CSV, filters, batching, CSV export, Manage portal', async () => {
  await create('', 'Document', 'landing');
  const bulk = await s.call('POST', '/@aliases', {
    items: [
      { path: '/old-landing', 'redirect-to': '/landing', datetime: '2022-05-05' },
      { path: '/fizzbuzz', 'redirect-to': '/landing', datetime: '2022-05-06' },
    ],
  });
  assert.equal(bulk.status, 204, bulk.body);
  assert.equal(
    (await s.call('POST', '/@aliases', { items: [{ path: '/x', 'redirect-to': '/missing' }] })).status,
    400,
  );
  const boundary = 'XyZ';
  const csv = 'old path,new path,datetime,manual\n/from-csv,/landing,2022/01/01 00:00:00 GMT+0,False\n';
  const form = [
    `--${boundary}`,
    'Content-Disposition: form-data; name="file"; filename="aliases.csv"',
    'Content-Type: text/csv',
    '',
    csv,
    `--${boundary}--`,
    '',
  ].join('\r\n');
  const imported = await s.call('POST', '/@aliases', form, {
    'content-type': `multipart/form-data; boundary=${boundary}`,
  });
  assert.equal(imported.status, 204, imported.body);

  const all = await s.call('GET', '/@aliases?query=landing');
  const mine = all.json.items.filter((i: any) => i['redirect-to'] === '/landing');
  assert.deepEqual(
    mine.map((i: any) => [i.path, i.manual, i.datetime]),
    [
      ['/fizzbuzz', true, '2022-05-06T00:00:00'],
      ['/from-csv', false, '2022-01-01T00:00:00'],
      ['/old-landing', true, '2022-05-05T00:00:00'],
    ],
  );
  const manual = await s.call('GET', '/@aliases?query=landing&manual=false');
  assert.deepEqual(
    manual.json.items.map((i: any) => i.path),
    ['/from-csv'],
  );
  const dated = await s.call('GET', '/@aliases?query=landing&start=2022-05-01&end=2022-05-06');
  assert.deepEqual(
    dated.json.items.map((i: any) => i.path),
    ['/old-landing'],
  );
  const page = await s.call('GET', '/@aliases?query=landing&b_size=2');
  assert.equal(page.json.items.length, 2);
  assert.equal(page.json.items_total, 3);
  assert.ok(page.json.batching.next);

  const exported = await s.app.inject({
    method: 'GET',
    url: '/@aliases?query=landing',
    headers: {
      accept: 'text/csv',
      authorization: `Basic ${Buffer.from('admin:test-admin-password').toString('base64')}`,
    },
  });
  assert.equal(exported.statusCode, 200);
  assert.match(String(exported.headers['content-type']), /^text\/csv/);
  assert.deepEqual(exported.body.trim().split('\n'), [
    'old path,new path,datetime,manual',
    '/fizzbuzz,/landing,2022/05/06 00:00:00 GMT+0,True',
    '/from-csv,/landing,2022/01/01 00:00:00 GMT+0,False',
    '/old-landing,/landing,2022/05/05 00:00:00 GMT+0,True',
  ]);

  // Site-wide aliases need Manage portal: an Editor may not list or change them.
  assert.equal((await s.call('GET', '/@aliases', undefined, {}, editor)).status, 403);
  assert.equal(
    (await s.call('DELETE', '/@aliases', { items: [{ path: '/fizzbuzz' }] }, {}, editor)).status,
    403,
  );
  assert.equal((await s.call('DELETE', '/@aliases', { items: [{ path: '/fizzbuzz' }] })).status, 204);
  assert.equal((await s.call('GET', '/fizzbuzz')).status, 404);
  assert.equal((await s.call('GET', '/old-landing')).headers.location, `${ORIGIN}/landing`);
});
