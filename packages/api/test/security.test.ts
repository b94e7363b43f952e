// Local roles, inheritance blocking, listings filtered by what the principal
// may see (also by publication window), escalation attempts, and security
// changes seen by another process.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { WriteTx } from '@tessera/core';
import { initSite } from '../src/bootstrap.js';
import { startSite, type TestSite } from './harness.js';
import { addUser } from './users.js';

const basic: Record<string, string> = {};
const as = (id: string) => basic[id]!;
let s: TestSite;

before(async () => {
  s = await startSite();
  for (const id of ['alice', 'bob', 'carol']) basic[id] = await addUser(s, id, ['Member']);
  await s.call('POST', '/', { '@type': 'Folder', id: 'dept', title: 'Department' });
  await s.call('POST', '/dept', { '@type': 'Folder', id: 'team', title: 'Team' });
  await s.call('POST', '/dept/team', { '@type': 'Document', id: 'plan', title: 'Plan' });
});
after(() => s.close());

test('local roles are inherited down the tree, until a folder blocks them', async () => {
  assert.equal((await s.call('GET', '/dept/team/plan', undefined, {}, as('alice'))).status, 403);
  const grant = { entries: [{ id: 'alice', type: 'user', roles: { Reader: true } }] };
  assert.equal((await s.call('POST', '/dept/@sharing', grant)).status, 204);
  assert.equal((await s.call('GET', '/dept/team/plan', undefined, {}, as('alice'))).status, 200);
  const sharing = await s.call('GET', '/dept/team/@sharing');
  const entry = sharing.json.entries.find((e: any) => e.id === 'alice');
  assert.equal(entry.roles.Reader, 'acquired');

  assert.equal((await s.call('POST', '/dept/team/@sharing', { inherit: false })).status, 204);
  assert.equal((await s.call('GET', '/dept/team/plan', undefined, {}, as('alice'))).status, 403);
  assert.equal((await s.call('GET', '/dept/team/@sharing')).json.inherit, false);
  assert.equal((await s.call('POST', '/dept/team/@sharing', { inherit: true })).status, 204);
  assert.equal((await s.call('GET', '/dept/team/plan', undefined, {}, as('alice'))).status, 200);
});

test('listings, navigation and breadcrumbs show only what the principal may view', async () => {
  await s.call('POST', '/', { '@type': 'Folder', id: 'pub', title: 'Public' });
  await s.call('POST', '/pub/@workflow/publish', {});
  for (const id of ['open-1', 'open-2', 'closed'])
    await s.call('POST', '/pub', { '@type': 'Document', id, title: id });
  await s.call('POST', '/pub/open-1/@workflow/publish', {});
  await s.call('POST', '/pub/open-2/@workflow/publish', {});
  const anon = await s.call('GET', '/pub?b_size=1', undefined, {}, null);
  assert.equal(anon.status, 200);
  assert.equal(anon.json.items_total, 2, 'the private item is not counted');
  assert.deepEqual(
    anon.json.items.map((i: any) => i.title),
    ['open-1'],
  );
  assert.equal((await s.call('GET', '/pub')).json.items_total, 3);
  const nav = await s.call('GET', '/@navigation', undefined, {}, null);
  const titles = nav.json.items.map((i: any) => i.title);
  assert.ok(titles.includes('Public') && !titles.includes('Department'), JSON.stringify(titles));
  // alice can read /dept/team/plan (Reader on /dept) but not... everything she sees is listed.
  const crumbs = await s.call('GET', '/pub/open-1/@breadcrumbs', undefined, {}, null);
  assert.deepEqual(
    crumbs.json.items.map((i: any) => i.title),
    ['Public', 'open-1'],
  );
});

test('items outside their publication window are hidden from listings, except for who may see inactive content', async () => {
  await s.call('POST', '/pub', { '@type': 'Document', id: 'future', title: 'Future' });
  await s.call('POST', '/pub/future/@workflow/publish', { effective: '2999-01-01T00:00:00' });
  await s.call('POST', '/pub', { '@type': 'Document', id: 'expired', title: 'Expired' });
  await s.call('POST', '/pub/expired/@workflow/publish', { expires: '2001-01-01T00:00:00' });
  const anonTitles = (await s.call('GET', '/pub?b_size=50', undefined, {}, null)).json.items.map(
    (i: any) => i.title,
  );
  assert.ok(!anonTitles.includes('Future') && !anonTitles.includes('Expired'), JSON.stringify(anonTitles));
  const adminTitles = (await s.call('GET', '/pub?b_size=50')).json.items.map((i: any) => i.title);
  assert.ok(adminTitles.includes('Future') && adminTitles.includes('Expired'));
});

test('escalation through @sharing is refused', async () => {
  const contrib = { entries: [{ id: 'bob', type: 'user', roles: { Contributor: true } }] };
  assert.equal((await s.call('POST', '/dept/@sharing', contrib)).status, 204);
  // A Contributor may not delegate at all.
  const self = { entries: [{ id: 'bob', type: 'user', roles: { Editor: true } }] };
  assert.equal((await s.call('POST', '/dept/@sharing', self, {}, as('bob'))).status, 403);
  // An Editor may share Reader/Editor/Contributor, but not Reviewer, and never Manager.
  const editor = { entries: [{ id: 'carol', type: 'user', roles: { Editor: true } }] };
  assert.equal((await s.call('POST', '/dept/@sharing', editor)).status, 204);
  const reviewer = { entries: [{ id: 'carol', type: 'user', roles: { Reviewer: true } }] };
  assert.equal((await s.call('POST', '/dept/@sharing', reviewer, {}, as('carol'))).status, 403);
  const manager = { entries: [{ id: 'carol', type: 'user', roles: { Manager: true } }] };
  const r = await s.call('POST', '/dept/@sharing', manager, {}, as('carol'));
  assert.equal(r.status, 400);
  assert.equal(r.json.error.type, 'BadRequest');
  const reader = { entries: [{ id: 'alice', type: 'user', roles: { Reader: true, Contributor: true } }] };
  assert.equal((await s.call('POST', '/dept/@sharing', reader, {}, as('carol'))).status, 204);
  // Nothing half-written: the refused requests left the roles as they were.
  const entries = (await s.call('GET', '/dept/@sharing')).json.entries;
  const carol = entries.find((e: any) => e.id === 'carol');
  assert.equal(carol.roles.Reviewer, false);
});

test('workflow: bad input is refused, the transition records comment and dates, include_children', async () => {
  await s.call('POST', '/', { '@type': 'Folder', id: 'wf', title: 'WF' });
  await s.call('POST', '/wf', { '@type': 'Document', id: 'child', title: 'Child' });
  assert.equal((await s.call('POST', '/wf/@workflow/fly', {})).status, 400);
  assert.equal((await s.call('POST', '/wf/@workflow/publish', { effective: 'soon' })).status, 400);
  assert.equal((await s.call('POST', '/wf/@workflow/publish', { colour: 'red' })).status, 400);
  assert.equal((await s.call('POST', '/wf/@workflow/publish', { include_children: 'yes' })).status, 400);
  assert.equal((await s.call('GET', '/wf')).json.review_state, 'private', 'nothing half-written');
  const r = await s.call('POST', '/wf/@workflow/publish', {
    comment: 'Go',
    effective: '2018-01-21T08:00:00',
    include_children: true,
  });
  assert.equal(r.status, 200);
  assert.equal(r.json.action, 'publish');
  assert.equal(r.json.comments, 'Go');
  assert.equal(r.json.review_state, 'published');
  assert.equal(r.json.title, 'Published');
  const child = await s.call('GET', '/wf/child', undefined, {}, null);
  assert.equal(child.status, 200, 'the child was published too');
  const history = (await s.call('GET', '/wf/@workflow')).json.history;
  assert.equal(history.at(-1).comments, 'Go');
});

test('a security change in one process is seen by another at once', async () => {
  await s.call('POST', '/', { '@type': 'Document', id: 'shared', title: 'Shared' });
  const peer = await s.peer();
  try {
    const get = () =>
      peer.app.inject({ method: 'GET', url: '/shared', headers: { accept: 'application/json' } });
    assert.equal((await get()).statusCode, 401);
    assert.equal(
      (await peer.app.inject({ method: 'GET', url: '/', headers: { accept: 'application/json' } }))
        .statusCode,
      200,
    );
    await s.call('POST', '/shared/@workflow/publish', {});
    assert.equal((await get()).statusCode, 200);
    const listing = await peer.app.inject({
      method: 'GET',
      url: '/?b_size=100',
      headers: { accept: 'application/json' },
    });
    assert.ok(JSON.parse(listing.body).items.some((i: any) => i.title === 'Shared'));
    await s.call('POST', '/shared/@workflow/retract', {});
    assert.equal((await get()).statusCode, 401);
  } finally {
    await peer.close();
  }
});

test('changing a type workflow remaps existing items and their security', async () => {
  await s.call('POST', '/', { '@type': 'News Item', id: 'news-1', title: 'News' });
  assert.equal((await s.call('GET', '/news-1', undefined, {}, null)).status, 401);
  const listing = await s.call('GET', '/@workflows');
  assert.equal(listing.status, 200);
  assert.equal(listing.json.types['News Item'], 'simple_publication_workflow');
  assert.equal(listing.json.types.File, null);
  const ids = listing.json.workflows.map((w: any) => w.id).sort();
  assert.deepEqual(ids, [
    'comment_one_state_workflow',
    'comment_review_workflow',
    'folder_workflow',
    'intranet_workflow',
    'one_state_workflow',
    'simple_publication_workflow',
  ]);
  assert.equal((await s.call('GET', '/@workflows', undefined, {}, as('alice'))).status, 403);

  const bad = await s.call('PATCH', '/@workflows', { types: { 'News Item': 'no_such_workflow' } });
  assert.equal(bad.status, 400);
  assert.equal(
    (await s.call('PATCH', '/@workflows', { types: { 'News Item': 'one_state_workflow' } })).status,
    204,
  );
  const news = await s.call('GET', '/news-1', undefined, {}, null);
  assert.equal(news.status, 200, 'one_state_workflow publishes everything');
  assert.equal(news.json.review_state, 'published');

  // Intranet: members see internal drafts, anonymous does not.
  const back = { types: { 'News Item': 'intranet_workflow' }, state_map: { published: 'internal' } };
  assert.equal((await s.call('PATCH', '/@workflows', back)).status, 204);
  assert.equal((await s.call('GET', '/news-1', undefined, {}, null)).status, 401);
  const member = await s.call('GET', '/news-1', undefined, {}, as('bob'));
  assert.equal(member.status, 200);
  assert.equal(member.json.review_state, 'internal');
  const wf = await s.call('GET', '/news-1/@workflow');
  assert.deepEqual(
    wf.json.transitions.map((t: any) => t['@id'].split('/').pop()),
    ['hide', 'publish_internally', 'submit'],
  );
  const created = await s.call('POST', '/', { '@type': 'News Item', id: 'news-2', title: 'Two' });
  assert.equal(created.json.review_state, 'internal', 'new items start in the new workflow');
  await s.call('PATCH', '/@workflows', {
    types: { 'News Item': null },
    default: 'simple_publication_workflow',
  });
});

test('a site from before stored security is brought up to date on start', async () => {
  await s.storage.write({ principal: 'test' }, (tx: WriteTx) => tx.setSetting('security_version', 0));
  const before = (await s.call('GET', '/pub?b_size=50', undefined, {}, null)).json.items.map(
    (i: any) => i.title,
  );
  await initSite({ storage: s.storage, config: s.config });
  assert.equal(await s.storage.read((tx) => tx.getSetting('security_version')), 1);
  await s.site.sync();
  const after = (await s.call('GET', '/pub?b_size=50', undefined, {}, null)).json.items.map(
    (i: any) => i.title,
  );
  assert.deepEqual(after, before);
  assert.equal((await s.call('GET', '/dept/team/plan', undefined, {}, as('alice'))).status, 200);
});

test('publishing a folder rewrites the security of the folder and what acquires from it, not its subtree', async () => {
  await s.call('POST', '/', { '@type': 'Folder', id: 'big', title: 'Big' });
  for (let i = 0; i < 30; i++)
    await s.call('POST', '/big', { '@type': 'Document', id: `d${i}`, title: `D${i}` });
  const png = Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==',
    'base64',
  );
  const img = await s.call('POST', '/big', {
    '@type': 'Image',
    id: 'pic',
    image: {
      data: png.toString('base64'),
      encoding: 'base64',
      filename: 'p.png',
      'content-type': 'image/png',
    },
  });
  assert.equal(img.status, 201);
  assert.equal(
    (await s.call('GET', '/big/pic', undefined, {}, null)).status,
    401,
    'the image acquires private',
  );
  const since = await s.storage.lastTid();
  assert.equal((await s.call('POST', '/big/@workflow/publish', {})).status, 200);
  const changed = await s.storage.changesSince(since);
  const uids = new Set(changed.uids);
  const big = (await s.call('GET', '/big')).json;
  const pic = (await s.call('GET', '/big/pic')).json;
  const doc = (await s.call('GET', '/big/d3')).json;
  assert.ok(uids.has(big.UID) && uids.has(pic.UID));
  assert.ok(!uids.has(doc.UID), 'documents with their own workflow state were not rewritten');
  assert.ok(uids.size <= 3, `rewritten: ${uids.size}`); // the folder, the image, the site root's listing
  assert.equal((await s.call('GET', '/big/pic', undefined, {}, null)).status, 200, 'the image is public now');
  assert.equal(
    (await s.call('GET', '/big/d3', undefined, {}, null)).status,
    401,
    'the documents stay private',
  );
});
