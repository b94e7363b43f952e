// The trash (docs/trash.md): DELETE moves a subtree out of sight, @trash
// lists what the caller may see, restores it (to its old place or a chosen
// folder) with its UID, state, local roles and history, and purges it.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { purgeExpiredTrash } from '@tessera/core';
import { blobDirOf, pack } from '@tessera/storage';
import { startSite, type TestSite } from './harness.js';
import { addUser } from './users.js';

let s: TestSite;
const auth: Record<string, string> = {};

const uidOf = async (path: string) => (await s.call('GET', path)).json.UID as string;
const trashOf = async (who: string | null = null, path = '') =>
  (await s.call('GET', `${path}/@trash`, undefined, {}, who === null ? undefined : auth[who])).json;

before(async () => {
  s = await startSite();
  auth.carl = await addUser(s, 'carl', ['Member']);
  auth.dora = await addUser(s, 'dora', ['Member']);
  auth.erin = await addUser(s, 'erin', ['Member']);
  for (const id of ['a', 'b', 'other'])
    assert.equal((await s.call('POST', '/', { '@type': 'Folder', id, title: id })).status, 201);
  const share = (path: string, id: string, roles: Record<string, boolean>) =>
    s.call('POST', `${path}/@sharing`, { entries: [{ id, type: 'user', roles }] });
  assert.equal((await share('/a', 'carl', { Contributor: true, Editor: true })).status, 204);
  assert.equal((await share('/b', 'dora', { Contributor: true })).status, 204);
});
after(() => s.close());

test('DELETE moves a subtree into the trash: gone from URLs, listings and search', async () => {
  await s.call('POST', '/a', { '@type': 'Folder', id: 'reports', title: 'Reports' }, {}, auth.carl);
  const r = await s.call(
    'POST',
    '/a/reports',
    { '@type': 'Document', id: 'q1', title: 'Quarterly figures' },
    {},
    auth.carl,
  );
  assert.equal(r.status, 201, r.body);
  const uid = await uidOf('/a/reports');
  const childUid = await uidOf('/a/reports/q1');
  assert.equal((await s.call('GET', '/@search?SearchableText=Quarterly')).json.items_total, 1);

  assert.equal((await s.call('DELETE', '/a/reports', undefined, {}, auth.carl)).status, 204);
  assert.equal((await s.call('GET', '/a/reports')).status, 404);
  assert.equal((await s.call('GET', '/a/reports/q1')).status, 404);
  const listing = await s.call('GET', '/a');
  assert.ok(!listing.json.items.some((i: any) => i.UID === uid));
  for (const u of [uid, childUid])
    assert.equal((await s.call('GET', `/@search?UID=${u}`)).json.items_total, 0);
  assert.equal((await s.call('GET', '/@search?SearchableText=Quarterly')).json.items_total, 0);

  // The deleter and administrators see the entry; someone who could never see it does not.
  const mine = await trashOf('carl');
  const entry = mine.items.find((e: any) => e.UID === uid);
  assert.ok(entry, JSON.stringify(mine));
  assert.equal(entry.deleted_by, 'carl');
  assert.equal(entry.items_total, 2);
  assert.equal(entry.original_path, '/a/reports');
  assert.equal(entry['@type'], 'Folder');
  assert.equal(entry.title, 'Reports');
  assert.ok(Date.parse(entry.expires) - Date.parse(entry.deleted_at) >= 29 * 86_400_000);
  assert.equal(entry.parent.UID, await uidOf('/a'));
  assert.ok(
    (await trashOf()).items.some((e: any) => e.UID === uid),
    'the admin sees it',
  );
  assert.ok(!(await trashOf('dora')).items.some((e: any) => e.UID === uid), 'dora could not see it');
  assert.equal((await s.call('GET', `/@trash/${uid}`, undefined, {}, auth.dora)).status, 404);
  assert.equal((await s.call('GET', '/@trash', undefined, {}, null)).status, 401);
  // Listed from its old folder too, not from another one.
  assert.equal((await trashOf(null, '/a')).items_total, 1);
  assert.equal((await trashOf(null, '/b')).items_total, 0);

  // A Contributor who could not see it cannot restore it (nor learn it exists).
  const refused = await s.call('POST', `/@trash/${uid}/restore`, {}, {}, auth.dora);
  assert.equal(refused.status, 404);
  assert.equal((await s.call('GET', '/a/reports')).status, 404);
});

test('a trashed top-level folder leaves the navigation and comes back with it', async () => {
  await s.call('POST', '/', { '@type': 'Folder', id: 'events', title: 'Events' });
  await s.call('POST', '/events/@workflow/publish', {});
  const uid = await uidOf('/events');
  const navTitles = async () =>
    (await s.call('GET', '/@navigation', undefined, {}, null)).json.items.map((i: any) => i.title);
  assert.ok((await navTitles()).includes('Events'));
  assert.equal((await s.call('DELETE', '/events')).status, 204);
  assert.ok(!(await navTitles()).includes('Events'));
  assert.equal((await s.call('GET', '/events', undefined, {}, null)).status, 404);
  assert.equal((await s.call('POST', `/@trash/${uid}/restore`)).status, 200);
  assert.ok((await navTitles()).includes('Events'), 'published again, as it was');
  assert.equal((await s.call('GET', '/events', undefined, {}, null)).status, 200);
});

test('restore brings back UID, workflow state, local roles, children and history', async () => {
  await s.call('POST', '/a', { '@type': 'Folder', id: 'team', title: 'Team' });
  await s.call('POST', '/a/team', { '@type': 'Document', id: 'plan', title: 'Plan' });
  assert.equal((await s.call('POST', '/a/team/@workflow/publish', {})).status, 200);
  await s.call('POST', '/a/team/@sharing', {
    entries: [{ id: 'erin', type: 'user', roles: { Reader: true } }],
  });
  await s.call('PATCH', '/a/team/plan', { title: 'Plan v2' });
  const uid = await uidOf('/a/team');
  const planUid = await uidOf('/a/team/plan');
  assert.equal((await s.call('GET', '/a/team/plan', undefined, {}, auth.erin)).status, 200);
  const before = await s.storage.read((tx) => tx.revisions(planUid));

  assert.equal((await s.call('DELETE', '/a/team')).status, 204);
  assert.equal((await s.call('GET', '/a/team/plan', undefined, {}, auth.erin)).status, 404);
  // carl (Editor on /a) may restore what the admin deleted: he could have deleted it.
  const restored = await s.call('POST', `/@trash/${uid}/restore`, undefined, {}, auth.carl);
  assert.equal(restored.status, 200, restored.body);
  assert.equal(restored.json.UID, uid);
  assert.equal(restored.json['@id'], 'http://localhost:80/a/team');
  assert.equal(restored.json.review_state, 'published');

  const plan = await s.call('GET', '/a/team/plan');
  assert.equal(plan.status, 200);
  assert.equal(plan.json.UID, planUid);
  assert.equal(plan.json.title, 'Plan v2');
  assert.equal((await s.call('GET', '/a/team/plan', undefined, {}, auth.erin)).status, 200, 'local roles');
  const sharing = await s.call('GET', '/a/team/@sharing');
  assert.equal(sharing.json.entries.find((e: any) => e.id === 'erin').roles.Reader, true);
  const history = await s.storage.read((tx) => tx.revisions(planUid));
  assert.equal(history.length, before.length + 2, 'old revisions kept, a deletion and a restore added');
  assert.deepEqual(
    history.slice(-2).map((r) => r.deleted),
    [true, false],
  );
  assert.equal((await s.call('GET', `/@search?UID=${planUid}`)).json.items_total, 1, 'reindexed');
  assert.ok(!(await trashOf()).items.some((e: any) => e.UID === uid), 'the entry is gone');
});

test('restore after the old container was deleted goes into a chosen folder, paths and security follow', async () => {
  await s.call('POST', '/', { '@type': 'Folder', id: 'p', title: 'P' });
  await s.call('POST', '/p', { '@type': 'Folder', id: 'q', title: 'Q' });
  await s.call('POST', '/p/q', { '@type': 'Document', id: 'r', title: 'R' });
  const q = await uidOf('/p/q');
  const r = await uidOf('/p/q/r');
  assert.equal((await s.call('DELETE', '/p/q')).status, 204);
  assert.equal((await s.call('DELETE', '/p')).status, 204);

  const nowhere = await s.call('POST', `/@trash/${q}/restore`, {});
  assert.equal(nowhere.status, 409, nowhere.body);
  assert.equal(nowhere.json.error.type, 'Conflict');
  const bad = await s.call('POST', `/@trash/${q}/restore`, { target: '/no-such-folder' });
  assert.equal(bad.status, 400);

  // erin may read /other: what lands there becomes readable to her.
  await s.call('POST', '/other/@sharing', {
    entries: [{ id: 'erin', type: 'user', roles: { Reader: true } }],
  });
  const moved = await s.call('POST', `/@trash/${q}/restore`, { target: await uidOf('/other') });
  assert.equal(moved.status, 200, moved.body);
  assert.equal(moved.json['@id'], 'http://localhost:80/other/q');
  const child = await s.call('GET', '/other/q/r', undefined, {}, auth.erin);
  assert.equal(child.status, 200, child.body);
  assert.equal(child.json.UID, r);
  const found = await s.call('GET', `/@search?path.query=/other/q&UID=${r}`);
  assert.equal(found.json.items_total, 1);
  assert.equal((await s.call('GET', '/p/q/r')).status, 404);

  // A name taken at the target: Plone's paste naming.
  await s.call('POST', '/other', { '@type': 'Document', id: 'dup', title: 'Dup' });
  const dup = await uidOf('/other/dup');
  await s.call('DELETE', '/other/dup');
  await s.call('POST', '/other', { '@type': 'Document', id: 'dup', title: 'Dup again' });
  const again = await s.call('POST', `/@trash/${dup}/restore`, { target: '/other' });
  assert.equal(again.status, 200, again.body);
  assert.equal(again.json['@id'], 'http://localhost:80/other/copy_of_dup');
});

test('restoring needs Add portal content at the target and the right to undo the deletion', async () => {
  await s.call('POST', '/a', { '@type': 'Document', id: 'memo', title: 'Memo' });
  const memo = await uidOf('/a/memo');
  await s.call('DELETE', '/a/memo');
  // erin could never see it: to her it does not exist.
  assert.equal((await s.call('POST', `/@trash/${memo}/restore`, {}, {}, auth.erin)).status, 404);
  // carl may restore it, but not into /b where he may not add.
  const into = await s.call('POST', `/@trash/${memo}/restore`, { target: '/b' }, {}, auth.carl);
  assert.equal(into.status, 403, into.body);
  // dora may add in /b but could not see the item: 404.
  assert.equal(
    (await s.call('POST', `/@trash/${memo}/restore`, { target: '/b' }, {}, auth.dora)).status,
    404,
  );
  assert.equal((await s.call('POST', `/@trash/${memo}/restore`, { bogus: 1 })).status, 400);
  assert.equal((await s.call('POST', `/@trash/${memo}`, {})).status, 400);
  assert.equal((await s.call('POST', `/@trash/${memo}/restore`, {}, {}, auth.carl)).status, 200);
});

test('a viewer who may not delete cannot restore; purging is for administrators', async () => {
  await s.call('POST', '/', { '@type': 'Document', id: 'notice', title: 'Notice' });
  await s.call('POST', '/notice/@workflow/publish', {});
  const uid = await uidOf('/notice');
  await s.call('DELETE', '/notice');
  // Everyone could view it: erin sees the entry but may not restore it.
  const seen = await s.call('GET', `/@trash/${uid}`, undefined, {}, auth.erin);
  assert.equal(seen.status, 200);
  assert.equal(seen.json.can_restore, false);
  assert.equal((await s.call('POST', `/@trash/${uid}/restore`, {}, {}, auth.erin)).status, 403);

  assert.equal((await s.call('DELETE', `/@trash/${uid}`, undefined, {}, auth.carl)).status, 403);
  assert.equal((await s.call('DELETE', `/@trash/${uid}`)).status, 204);
  assert.equal((await s.call('GET', `/@trash/${uid}`)).status, 404);
  assert.equal((await s.call('POST', `/@trash/${uid}/restore`, {})).status, 404);
  assert.equal((await s.call('DELETE', `/@trash/${uid}`)).status, 404);
});

test('the scheduled purge removes expired entries only', async () => {
  await s.call('POST', '/', { '@type': 'Document', id: 'old', title: 'Old' });
  const uid = await uidOf('/old');
  await s.call('DELETE', '/old');
  const now = await purgeExpiredTrash(s.storage);
  assert.equal(now.entries, 0, 'nothing has expired yet');
  assert.ok((await trashOf()).items.some((e: any) => e.UID === uid));
  const later = await purgeExpiredTrash(s.storage, new Date(Date.now() + 31 * 86_400_000));
  assert.ok(later.entries >= 1);
  assert.equal((await trashOf()).items_total, 0);
  assert.equal((await s.call('GET', `/@trash/${uid}`)).status, 404);
});

test('blobs of a trashed file survive a pack and go once it is purged', async () => {
  const bytes = Buffer.from(`trash-blob-${Date.now()}-${Math.random()}`);
  const created = await s.call('POST', '/', {
    '@type': 'File',
    id: 'doc-file',
    title: 'File',
    file: { data: bytes.toString('base64'), encoding: 'base64', filename: 'f.bin', 'content-type': 'x/y' },
  });
  assert.equal(created.status, 201, created.body);
  const stored = await s.storage.read((tx) => tx.byPath('/doc-file'));
  const hash = (stored!.data.file as { blob: string }).blob;
  await s.call('DELETE', '/doc-file');
  const blobDir = blobDirOf({ db: s.config.db, dataDir: s.config.data, blobDir: s.config.blobDir });
  const exists = async () => (await s.storage.read((tx) => tx.blobInfo(hash))) !== undefined;
  await new Promise((r) => setTimeout(r, 20));
  await pack(s.storage, { days: 0, blobGrace: 0, blobDir });
  assert.ok(await exists(), 'kept while in the trash');
  const revisions = await s.storage.read((tx) => tx.revisions(stored!.uid));
  // Its state at the cutoff (the deletion record) stays, as for a live object.
  assert.equal(revisions.length, 1, 'pack keeps a trashed object’s history up to the cutoff');

  assert.equal((await s.call('DELETE', `/@trash/${stored!.uid}`)).status, 204);
  await new Promise((r) => setTimeout(r, 20));
  await pack(s.storage, { days: 0, blobGrace: 0, blobDir });
  assert.equal(await exists(), false, 'collected after the purge');
});

test('emptying the trash (administrators)', async () => {
  await s.call('POST', '/a', { '@type': 'Document', id: 'x1', title: 'x1' });
  await s.call('POST', '/b', { '@type': 'Document', id: 'x2', title: 'x2' });
  await s.call('DELETE', '/a/x1');
  await s.call('DELETE', '/b/x2');
  assert.equal((await s.call('DELETE', '/b/@trash')).status, 204);
  const left = await trashOf();
  assert.ok(left.items.some((e: any) => e.id === 'x1'));
  assert.ok(!left.items.some((e: any) => e.id === 'x2'));
  assert.equal((await s.call('DELETE', '/@trash', undefined, {}, auth.carl)).status, 403);
  assert.equal((await s.call('DELETE', '/@trash')).status, 204);
  assert.equal((await trashOf()).items_total, 0);
});

test('trashDays 0 disables the trash: DELETE destroys', async () => {
  const t = await startSite({ trashDays: 0 });
  try {
    await t.call('POST', '/', { '@type': 'Document', id: 'gone', title: 'Gone' });
    assert.equal((await t.call('DELETE', '/gone')).status, 204);
    assert.equal((await t.call('GET', '/gone')).status, 404);
    assert.equal((await t.call('GET', '/@trash')).json.items_total, 0);
  } finally {
    await t.close();
  }
});

test('the backend purges expired entries on its own timer', async () => {
  // 0.00001 days ≈ 0.9 s in the trash; the timer looks every second.
  const t = await startSite({ trashDays: 0.00001, trashPurgeInterval: 1 });
  try {
    await t.call('POST', '/', { '@type': 'Document', id: 'brief', title: 'Brief' });
    assert.equal((await t.call('DELETE', '/brief')).status, 204);
    let left = Number.NaN;
    for (let i = 0; i < 60; i++) {
      left = (await t.call('GET', '/@trash')).json.items_total;
      if (left === 0) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    assert.equal(left, 0);
  } finally {
    await t.close();
  }
});

test('another process stops serving a trashed item and serves it again once restored', async () => {
  await s.call('POST', '/', { '@type': 'Document', id: 'shared-news', title: 'Shared news' });
  await s.call('POST', '/shared-news/@workflow/publish', {});
  const uid = await uidOf('/shared-news');
  const peer = await s.peer();
  try {
    const get = async () =>
      (await peer.app.inject({ method: 'GET', url: '/shared-news', headers: { accept: 'application/json' } }))
        .statusCode;
    assert.equal(await get(), 200);
    assert.equal(await get(), 200, 'now cached there');
    await s.call('DELETE', '/shared-news');
    assert.equal(await get(), 404);
    await s.call('POST', `/@trash/${uid}/restore`);
    assert.equal(await get(), 200);
  } finally {
    await peer.close();
  }
});
