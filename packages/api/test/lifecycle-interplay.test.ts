// Issue #9's parts together: trash, links, locks, moves, redirects, working
// copies and history each have their own tests; these pin down what one does
// to another (docs/trash.md, links-and-relations.md, history-and-locking.md,
// copy-move-redirects.md, working-copy.md).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startSite, type TestSite } from './harness.js';
import { addUser } from './users.js';

let s: TestSite;
let editor: string;

const create = async (parent: string, body: Record<string, unknown>) => {
  const r = await s.call('POST', parent, body);
  assert.equal(r.status, 201, r.body);
  return r.json as { UID: string; '@id': string };
};

before(async () => {
  s = await startSite();
  editor = await addUser(s, 'ed', ['Editor', 'Contributor']);
});
after(() => s.close());

test('a folder whose id has an underscore goes to the trash whole, and comes back whole', async () => {
  await create('/', { '@type': 'Folder', id: 'q_1', title: 'Q 1' });
  await create('/q_1', { '@type': 'Document', id: 'inside', title: 'Inside' });
  // A sibling whose path the pattern q_1/% would match were `_` a wildcard.
  await create('/', { '@type': 'Folder', id: 'qx1', title: 'Qx1' });
  await create('/qx1', { '@type': 'Document', id: 'keep', title: 'Keep' });
  const uid = (await s.call('GET', '/q_1')).json.UID;
  assert.equal((await s.call('DELETE', '/q_1')).status, 204);
  assert.equal((await s.call('GET', '/q_1/inside')).status, 404);
  assert.equal((await s.call('GET', '/qx1/keep')).status, 200, 'the look-alike sibling is untouched');
  const entry = (await s.call('GET', '/@trash')).json.items.find((e: any) => e.UID === uid);
  assert.equal(entry.items_total, 2);
  assert.equal((await s.call('POST', `/@trash/${uid}/restore`)).status, 200);
  assert.equal((await s.call('GET', '/q_1/inside')).status, 200);
});

test('relations to a trashed item drop out, and come back with it', async () => {
  const a = await create('/', { '@type': 'Document', id: 'rel-a', title: 'A' });
  const b = await create('/', { '@type': 'Document', id: 'rel-b', title: 'B' });
  const r = await s.call('POST', '/@relations', {
    items: [{ source: a.UID, target: b.UID, relation: 'relatedItems' }],
  });
  assert.equal(r.status, 204, r.body);
  const targets = async () =>
    ((await s.call('GET', `/@relations?source=${a.UID}`)).json.relations?.relatedItems?.items ?? []).map(
      (i: any) => i.target.UID,
    );
  assert.deepEqual(await targets(), [b.UID]);
  assert.equal((await s.call('GET', `/@linkintegrity?uids=${b.UID}`)).json[0].breaches.length, 1);

  assert.equal((await s.call('DELETE', '/rel-b')).status, 204);
  assert.deepEqual(await targets(), [], 'a trashed target is not listed');
  assert.deepEqual((await s.call('GET', '/rel-a')).json.relatedItems, []);

  assert.equal((await s.call('POST', `/@trash/${b.UID}/restore`)).status, 200);
  assert.deepEqual(await targets(), [b.UID], 'restored with its UID, the relation is back');
});

test('a locked item cannot be moved away by someone else; its lock holder may move it', async () => {
  await create('/', { '@type': 'Folder', id: 'dest', title: 'Dest' });
  await create('/', { '@type': 'Document', id: 'locked-doc', title: 'Locked' });
  assert.equal((await s.call('POST', '/locked-doc/@lock')).status, 200);
  const refused = await s.call('POST', '/dest/@move', { source: '/locked-doc' }, {}, editor);
  assert.equal(refused.status, 423, refused.body);
  assert.equal((await s.call('GET', '/locked-doc')).status, 200, 'still where it was');
  const moved = await s.call('POST', '/dest/@move', { source: '/locked-doc' });
  assert.equal(moved.status, 200, moved.body);
  assert.equal((await s.call('GET', '/dest/locked-doc')).status, 200);
});

test('a redirect to a trashed item stops, and works again once it is restored', async () => {
  const doc = await create('/', { '@type': 'Document', id: 'wander', title: 'Wander' });
  assert.equal((await s.call('PATCH', '/wander', { id: 'wandered' })).status, 204);
  const before = await s.call('GET', '/wander');
  assert.equal(before.status, 301);
  assert.match(String(before.headers.location), /\/wandered$/);
  assert.equal((await s.call('DELETE', '/wandered')).status, 204);
  assert.equal((await s.call('GET', '/wander')).status, 404);
  assert.equal((await s.call('POST', `/@trash/${doc.UID}/restore`)).status, 200);
  assert.equal((await s.call('GET', '/wander')).status, 301);
});

test('a copy of a checked-out item is a plain item; the check-in is a version with its comment', async () => {
  await create('/', { '@type': 'Document', id: 'base', title: 'Base' });
  assert.equal((await s.call('POST', '/base/@workingcopy')).status, 201);
  const copied = await s.call('POST', '/@copy', { source: '/base' });
  assert.equal(copied.status, 200, copied.body);
  const copy = await s.call('GET', new URL(copied.json[0].target).pathname);
  assert.equal(copy.json.working_copy, null);
  assert.equal(copy.json.working_copy_of, null);

  assert.equal((await s.call('PATCH', '/copy_of_base', { title: 'Base, revised' })).status, 204);
  const checkin = await s.call('PATCH', '/copy_of_base/@workingcopy', { message: 'Second draft approved' });
  assert.equal(checkin.status, 204, checkin.body);
  const history = (await s.call('GET', '/base/@history')).json as any[];
  const latest = history.find((h) => h.type === 'versioning');
  assert.equal(latest.comments, 'Second draft approved');
  assert.equal((await s.call('GET', '/base')).json.title, 'Base, revised');
});
