// @copy, @move and rename (PATCH {"id"}): Plone's copy_of_ ids, UIDs kept on
// a move and new on a copy, blobs shared, permissions checked at the target
// with nothing changed on refusal, security following the new container,
// the catalog finding the moved subtree, a move racing an edit.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startSite, type TestSite } from './harness.js';
import { addUser } from './users.js';

let s: TestSite;
let carl: string;
let alice: string;

const uidAt = async (path: string) => (await s.storage.read((tx) => tx.byPath(path)))?.uid;
const create = async (parent: string, type: string, id: string, extra: Record<string, unknown> = {}) => {
  const r = await s.call('POST', parent || '/', { '@type': type, id, title: id, ...extra });
  assert.equal(r.status, 201, r.body);
  return r.json;
};

before(async () => {
  s = await startSite();
  carl = await addUser(s, 'carl', ['Member']);
  alice = await addUser(s, 'alice', ['Member']);
});
after(() => s.close());

test('copy: copy_of_, copy2_of_ ids, new UIDs for the whole subtree, initial state', async () => {
  await create('', 'Folder', 'docs');
  await create('/docs', 'Document', 'page');
  await create('/docs', 'Document', 'other');
  assert.equal((await s.call('POST', '/docs/page/@workflow/publish')).status, 200);
  const r = await s.call('POST', '/@copy', { source: ['http://localhost:80/docs', '/docs'] });
  assert.equal(r.status, 200, r.body);
  assert.deepEqual(r.json, [
    { source: 'http://localhost:80/docs', target: 'http://localhost:80/copy_of_docs' },
    { source: 'http://localhost:80/docs', target: 'http://localhost:80/copy2_of_docs' },
  ]);
  // Into its own folder: the id is taken, so copy_of_.
  const same = await s.call('POST', '/docs/@copy', { source: await uidAt('/docs/page') });
  assert.deepEqual(same.json, [
    { source: 'http://localhost:80/docs/page', target: 'http://localhost:80/docs/copy_of_page' },
  ]);
  const again = await s.call('POST', '/docs/@copy', { source: '/docs/copy_of_page' });
  assert.equal(again.json[0].target, 'http://localhost:80/docs/copy2_of_page');

  const orig = await s.call('GET', '/docs/page');
  const copy = await s.call('GET', '/copy_of_docs/page');
  assert.equal(copy.status, 200);
  assert.notEqual(copy.json.UID, orig.json.UID);
  assert.notEqual((await s.call('GET', '/copy_of_docs')).json.UID, (await s.call('GET', '/docs')).json.UID);
  assert.equal(copy.json.title, 'page');
  assert.equal(orig.json.review_state, 'published');
  assert.equal(copy.json.review_state, 'private', 'a copy starts in the initial state');
  // Order within the copied folder is the original's (copied before the page's own copies were made).
  const items = (await s.call('GET', '/copy_of_docs')).json.items.map((i: any) => i['@id'].split('/').pop());
  assert.deepEqual(items, ['page', 'other']);
  const found = await s.call('GET', '/@search?path.query=/copy_of_docs&sort_on=path');
  assert.equal(found.json.items_total, 3);
});

test('copy shares blobs by hash (no bytes copied)', async () => {
  await create('', 'File', 'report', {
    file: {
      data: Buffer.from('hello blob').toString('base64'),
      encoding: 'base64',
      filename: 'r.txt',
      'content-type': 'text/plain',
    },
  });
  const r = await s.call('POST', '/@copy', { source: '/report' });
  assert.equal(r.json[0].target, 'http://localhost:80/copy_of_report');
  const [a, b] = await s.storage.read(async (tx) => [
    await tx.byPath('/report'),
    await tx.byPath('/copy_of_report'),
  ]);
  assert.match(String((a!.data.file as any).blob), /^[0-9a-f]{64}$/);
  assert.equal((a!.data.file as any).blob, (b!.data.file as any).blob);
  const dl = await s.app.inject({
    method: 'GET',
    url: '/copy_of_report/@@download/file',
    headers: { authorization: `Basic ${Buffer.from('admin:test-admin-password').toString('base64')}` },
  });
  assert.equal(dl.body, 'hello blob');
});

test('move one and many: UIDs kept, descendants at their new paths and in the catalog', async () => {
  await create('', 'Folder', 'src');
  await create('/src', 'Folder', 'sub');
  await create('/src/sub', 'Document', 'deep');
  await create('', 'Document', 'loose');
  await create('', 'Folder', 'dest');
  const uids = { src: await uidAt('/src'), deep: await uidAt('/src/sub/deep'), loose: await uidAt('/loose') };
  const r = await s.call('POST', '/dest/@move', { source: ['/src', 'http://localhost:80/loose'] });
  assert.equal(r.status, 200, r.body);
  assert.deepEqual(r.json, [
    { source: 'http://localhost:80/src', target: 'http://localhost:80/dest/src' },
    { source: 'http://localhost:80/loose', target: 'http://localhost:80/dest/loose' },
  ]);
  assert.equal(await uidAt('/dest/src'), uids.src);
  assert.equal(await uidAt('/dest/src/sub/deep'), uids.deep);
  assert.equal(await uidAt('/dest/loose'), uids.loose);
  const deep = await s.call('GET', '/dest/src/sub/deep');
  assert.equal(deep.json['@id'], 'http://localhost:80/dest/src/sub/deep');
  assert.equal(deep.json.parent['@id'], 'http://localhost:80/dest/src/sub');
  const found = await s.call('GET', '/@search?path.query=/dest/src&sort_on=path');
  assert.deepEqual(
    found.json.items.map((i: any) => i['@id']),
    [
      'http://localhost:80/dest/src',
      'http://localhost:80/dest/src/sub',
      'http://localhost:80/dest/src/sub/deep',
    ],
  );
  assert.equal((await s.call('GET', '/@search?path.query=/src')).json.items_total, 0);
  const listing = (await s.call('GET', '/dest')).json.items.map((i: any) => i['@id'].split('/').pop());
  assert.deepEqual(listing, ['src', 'loose']);
  // A name collision at the target: copy_of_ (Zope's rule applies to moves too).
  await create('', 'Document', 'loose');
  const clash = await s.call('POST', '/dest/@move', { source: '/loose' });
  assert.equal(clash.json[0].target, 'http://localhost:80/dest/copy_of_loose');
});

test('refused: into itself, the site root, missing sources, disallowed types — nothing moves', async () => {
  await create('', 'Folder', 'box');
  await create('/box', 'Folder', 'inner');
  // A Link is not folderish (a Page is, in the volto distribution).
  assert.equal(
    (
      await s.call('POST', '/', {
        '@type': 'Link',
        id: 'leaf',
        title: 'Leaf',
        remoteUrl: 'https://example.org',
      })
    ).status,
    201,
  );
  for (const [url, body] of [
    ['/box/inner/@move', { source: '/box' }],
    ['/box/@move', { source: '/box' }],
    ['/box/@copy', { source: '/box' }],
    ['/box/@move', { source: 'http://localhost:80' }],
    ['/box/@move', { source: '/nowhere' }],
    ['/box/@move', {}],
    ['/leaf/@move', { source: '/box/inner' }],
  ] as const) {
    const r = await s.call('POST', url, body);
    assert.equal(r.status, 400, `${url} ${JSON.stringify(body)}: ${r.body}`);
    assert.equal(typeof r.json.error.message, 'string');
  }
  // One bad source among good ones: the whole request changes nothing.
  const mixed = await s.call('POST', '/box/@move', { source: ['/leaf', '/nowhere'] });
  assert.equal(mixed.status, 400);
  assert.ok(await uidAt('/leaf'));
  assert.equal(await uidAt('/box/leaf'), undefined);
  assert.ok(await uidAt('/box/inner'));
});

test('permissions are checked at the target and on each source', async () => {
  await create('', 'Folder', 'dropbox');
  await create('', 'Folder', 'closed');
  await create('', 'Document', 'public-doc');
  await s.call('POST', '/public-doc/@workflow/publish');
  const grant = { entries: [{ id: 'carl', type: 'user', roles: { Contributor: true } }] };
  assert.equal((await s.call('POST', '/dropbox/@sharing', grant)).status, 204);

  // No Add portal content on the target: 403, nothing changes.
  const denied = await s.call('POST', '/closed/@copy', { source: '/public-doc' }, {}, carl);
  assert.equal(denied.status, 403);
  assert.equal((await s.call('GET', '/closed')).json.items_total, 0);
  const anon = await s.call('POST', '/dropbox/@copy', { source: '/public-doc' }, {}, null);
  assert.equal(anon.status, 401);
  // A Contributor may copy what it can see into its folder, and owns the copy…
  const copied = await s.call('POST', '/dropbox/@copy', { source: '/public-doc' }, {}, carl);
  assert.equal(copied.status, 200, copied.body);
  const copy = await s.storage.read((tx) => tx.byPath('/dropbox/public-doc'));
  assert.deepEqual((copy!.data.local_roles as any).carl, ['Owner']);
  assert.equal((copy!.data.local_roles as any).admin, undefined);
  // …but not move what it may not delete, nor copy what it cannot see.
  const moved = await s.call('POST', '/dropbox/@move', { source: '/public-doc' }, {}, carl);
  assert.equal(moved.status, 403);
  assert.ok(await uidAt('/public-doc'));
  await create('', 'Document', 'secret');
  const hidden = await s.call('POST', '/dropbox/@copy', { source: '/secret' }, {}, carl);
  assert.equal(hidden.status, 403);
  assert.equal(await uidAt('/dropbox/secret'), undefined);
});

test('a move recomputes inherited security in the moved subtree', async () => {
  await create('', 'Folder', 'shared');
  await create('', 'Folder', 'private-area');
  await create('/private-area', 'Folder', 'project');
  await create('/private-area/project', 'Document', 'notes');
  const grant = { entries: [{ id: 'alice', type: 'user', roles: { Reader: true } }] };
  await s.call('POST', '/shared/@sharing', grant);
  assert.equal((await s.call('GET', '/private-area/project/notes', undefined, {}, alice)).status, 403);
  assert.equal((await s.call('POST', '/shared/@move', { source: '/private-area/project' })).status, 200);
  assert.equal((await s.call('GET', '/shared/project/notes', undefined, {}, alice)).status, 200);
  const seen = await s.call('GET', '/@search?path.query=/shared/project', undefined, {}, alice);
  assert.equal(seen.json.items_total, 2);
  // And back: the inherited Reader role goes with it.
  assert.equal((await s.call('POST', '/private-area/@move', { source: '/shared/project' })).status, 200);
  assert.equal((await s.call('GET', '/private-area/project/notes', undefined, {}, alice)).status, 403);
  assert.equal(
    (await s.call('GET', '/@search?path.query=/private-area', undefined, {}, alice)).json.items_total,
    0,
  );
});

test('rename by PATCH {"id"} keeps the UID and the position; ordering still works', async () => {
  await create('', 'Folder', 'ordered');
  for (const id of ['one', 'two', 'three']) await create('/ordered', 'Document', id);
  const uid = await uidAt('/ordered/two');
  const r = await s.call('PATCH', '/ordered/two', { id: 'deux', title: 'Deux' });
  assert.equal(r.status, 204, r.body);
  assert.equal(await uidAt('/ordered/deux'), uid);
  const after = await s.call('GET', '/ordered');
  assert.deepEqual(
    after.json.items.map((i: any) => i['@id'].split('/').pop()),
    ['one', 'deux', 'three'],
  );
  assert.equal((await s.call('GET', '/ordered/deux')).json.title, 'Deux');
  // Taken or invalid ids are refused, and nothing changes (the title either).
  const taken = await s.call('PATCH', '/ordered/deux', { id: 'one', title: 'Changed' });
  assert.equal(taken.status, 400);
  const bad = await s.call('PATCH', '/ordered/deux', { id: 'bad/id' });
  assert.equal(bad.status, 400);
  assert.equal((await s.call('GET', '/ordered/deux')).json.title, 'Deux');
  assert.equal((await s.call('PATCH', '/', { id: 'other-site' })).status, 400);
  // Reordering, then a rename keeps the new position.
  assert.equal(
    (await s.call('PATCH', '/ordered', { ordering: { obj_id: 'three', delta: 'top' } })).status,
    204,
  );
  await s.call('PATCH', '/ordered/three', { id: 'trois' });
  assert.deepEqual(
    (await s.call('GET', '/ordered')).json.items.map((i: any) => i['@id'].split('/').pop()),
    ['trois', 'one', 'deux'],
  );
  const brains = await s.call(
    'GET',
    '/@search?path.query=/ordered&path.depth=1&sort_on=getObjPositionInParent',
  );
  assert.deepEqual(
    brains.json.items.map((i: any) => i['@id']),
    [
      'http://localhost:80/ordered/trois',
      'http://localhost:80/ordered/one',
      'http://localhost:80/ordered/deux',
    ],
  );
});

test('a move racing an edit: both apply, the edit is visible at the new path', async () => {
  await create('', 'Folder', 'race');
  await create('/race', 'Document', 'doc');
  await create('', 'Folder', 'finish');
  const [edit, move] = await Promise.all([
    s.call('PATCH', '/race/doc', { title: 'Edited' }),
    s.call('POST', '/finish/@move', { source: '/race' }),
  ]);
  assert.equal(move.status, 200, move.body);
  if (edit.status === 308) {
    // The move committed first: the old URL sends the edit on, method kept.
    assert.equal(edit.headers.location, 'http://localhost:80/finish/race/doc');
    assert.equal((await s.call('PATCH', '/finish/race/doc', { title: 'Edited' })).status, 204);
  } else assert.equal(edit.status, 204, edit.body);
  const doc = await s.call('GET', '/finish/race/doc');
  assert.equal(doc.json.title, 'Edited');
  assert.equal(doc.json['@id'], 'http://localhost:80/finish/race/doc');
  assert.equal(
    (await s.call('GET', '/@search?SearchableText=Edited')).json.items[0]['@id'],
    'http://localhost:80/finish/race/doc',
  );
});

test('a folder whose id has wildcards (copy_of_…) copies, moves and deletes with its whole subtree', async () => {
  await create('', 'Folder', 'under_score');
  await create('/under_score', 'Folder', 'in_side');
  await create('/under_score/in_side', 'Document', 'leaf_1');
  const copied = await s.call('POST', '/@copy', { source: '/under_score' });
  assert.equal(copied.json[0].target, 'http://localhost:80/copy_of_under_score');
  assert.ok(await uidAt('/copy_of_under_score/in_side/leaf_1'));
  await create('', 'Folder', 'holder');
  await s.call('POST', '/holder/@move', { source: '/copy_of_under_score' });
  assert.ok(await uidAt('/holder/copy_of_under_score/in_side/leaf_1'));
  assert.equal((await s.call('DELETE', '/holder/copy_of_under_score')).status, 204);
  const left = await s.storage.read((tx) => tx.descendants('/holder'));
  assert.deepEqual(left, [], 'no orphan left behind');
  assert.equal((await s.call('GET', '/@search?path.query=/holder')).json.items_total, 1);
});
