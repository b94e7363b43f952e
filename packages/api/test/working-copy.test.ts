// @workingcopy (plone.app.iterate semantics): check-out, private copy,
// check-in replacing the baseline's content in place, cancel, permissions,
// the site root and folderish items.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startSite, type TestSite } from './harness.js';
import { addUser } from './users.js';

let s: TestSite;
let editor: string;
let reader: string;
let contributor: string;

const BLOCKS = {
  blocks: { a: { '@type': 'slate', plaintext: 'original text' } },
  blocks_layout: { items: ['a'] },
};

before(async () => {
  s = await startSite();
  editor = await addUser(s, 'editor', ['Editor']);
  reader = await addUser(s, 'reader', ['Reader']);
  contributor = await addUser(s, 'contributor', ['Contributor']);
});
after(() => s.close());

async function publishedDoc(id: string, parent = '') {
  const r = await s.call('POST', parent || '/', { '@type': 'Document', id, title: `Title ${id}`, ...BLOCKS });
  assert.equal(r.status, 201, r.body);
  const t = await s.call('POST', `${parent}/${id}/@workflow/publish`, {});
  assert.equal(t.status, 200, t.body);
  return (await s.call('GET', `${parent}/${id}`)).json;
}

test('check out a published document: a private copy next to it, linked both ways', async () => {
  const doc = await publishedDoc('doc');
  const r = await s.call('POST', '/doc/@workingcopy');
  assert.equal(r.status, 201, r.body);
  assert.deepEqual(r.json, { '@id': 'http://localhost:80/copy_of_doc' });
  assert.equal(r.headers.location, 'http://localhost:80/doc');

  const wc = await s.call('GET', '/copy_of_doc');
  assert.equal(wc.status, 200);
  assert.notEqual(wc.json.UID, doc.UID, 'a working copy has its own UID');
  assert.equal(wc.json.review_state, 'private');
  assert.equal(wc.json.title, 'Title doc');
  assert.deepEqual(wc.json.blocks, BLOCKS.blocks);
  assert.equal(wc.json.exclude_from_nav, true);
  assert.deepEqual(wc.json.working_copy_of, { '@id': 'http://localhost:80/doc', title: 'Title doc' });
  assert.equal(wc.json.working_copy['@id'], 'http://localhost:80/copy_of_doc');
  assert.equal(wc.json.working_copy.creator_url, 'http://localhost:80/author/admin');

  const base = await s.call('GET', '/doc');
  assert.equal(base.json.working_copy['@id'], 'http://localhost:80/copy_of_doc');
  assert.equal(base.json.working_copy.title, 'Title doc');
  assert.equal(base.json.working_copy_of, null);
  assert.equal(base.json.lock.locked, true);
  assert.equal(base.json.lock.name, 'iterate.lock');
  assert.equal(base.json.lock.stealable, false);
  assert.equal(base.json.lock.creator, 'admin');

  for (const path of ['/doc/@workingcopy', '/copy_of_doc/@workingcopy']) {
    const g = await s.call('GET', path);
    assert.equal(g.status, 200);
    assert.equal(g.json.working_copy['@id'], 'http://localhost:80/copy_of_doc');
  }
});

test('the working copy is invisible to anonymous users: direct URL, navigation, search', async () => {
  const direct = await s.call('GET', '/copy_of_doc', undefined, {}, null);
  assert.equal(direct.status, 401);
  const base = await s.call('GET', '/doc', undefined, {}, null);
  assert.equal(base.status, 200);
  assert.equal(base.json.working_copy, null, 'the private copy is not disclosed');
  const nav = await s.call('GET', '/@navigation?expand.navigation.depth=3', undefined, {}, null);
  assert.ok(!JSON.stringify(nav.json).includes('copy_of_doc'));
  const search = await s.call('GET', '/@search?SearchableText=original', undefined, {}, null);
  const ids = search.json.items.map((i: any) => i['@id']);
  assert.ok(ids.includes('http://localhost:80/doc'));
  assert.ok(!ids.some((id: string) => id.includes('copy_of_doc')));
  // Editors see it, but it stays out of navigation.
  const adminNav = await s.call('GET', '/@navigation');
  assert.ok(!JSON.stringify(adminNav.json).includes('copy_of_doc'));
});

test('editing the working copy leaves the baseline unchanged; others may not edit the baseline', async () => {
  const edit = await s.call('PATCH', '/copy_of_doc', {
    title: 'New title',
    blocks: { b: { '@type': 'slate', plaintext: 'staged text' } },
    blocks_layout: { items: ['b'] },
  });
  assert.equal(edit.status, 204, edit.body);
  const base = await s.call('GET', '/doc');
  assert.equal(base.json.title, 'Title doc');
  assert.deepEqual(base.json.blocks, BLOCKS.blocks);
  assert.equal(base.json.working_copy.title, 'New title', 'the summary follows the copy');

  const locked = await s.call('PATCH', '/doc', { title: 'Sneaky' }, {}, editor);
  assert.equal(locked.status, 423, locked.body);
  assert.equal(locked.json.error.type, 'Locked');
  assert.equal((await s.call('PUT', '/doc', { title: 'Sneaky' }, {}, editor)).status, 423);
  assert.equal((await s.call('GET', '/doc')).json.title, 'Title doc');
  // The lock holder may still write (the check-in overwrites it), as in Plone.
  assert.equal((await s.call('PATCH', '/doc', { subjects: ['held'] })).status, 204);
});

test('one working copy per baseline; a working copy cannot be checked out', async () => {
  const again = await s.call('POST', '/doc/@workingcopy');
  assert.equal(again.status, 409, again.body);
  const ofCopy = await s.call('POST', '/copy_of_doc/@workingcopy');
  assert.equal(ofCopy.status, 400, ofCopy.body);
});

test('permissions: anonymous, Reader and Contributor cannot check out, check in or cancel', async () => {
  assert.equal((await s.call('POST', '/doc/@workingcopy', undefined, {}, null)).status, 401);
  await publishedDoc('other');
  assert.equal((await s.call('POST', '/other/@workingcopy', undefined, {}, reader)).status, 403);
  assert.equal((await s.call('POST', '/other/@workingcopy', undefined, {}, contributor)).status, 403);
  assert.equal((await s.call('PATCH', '/doc/@workingcopy', {}, {}, null)).status, 401);
  assert.equal((await s.call('PATCH', '/doc/@workingcopy', {}, {}, reader)).status, 403);
  assert.equal((await s.call('DELETE', '/doc/@workingcopy', undefined, {}, null)).status, 401);
  assert.equal((await s.call('DELETE', '/doc/@workingcopy', undefined, {}, reader)).status, 403);
  assert.equal((await s.call('GET', '/copy_of_doc')).status, 200, 'nothing happened to the copy');
  // An Editor may check out.
  const r = await s.call('POST', '/other/@workingcopy', undefined, {}, editor);
  assert.equal(r.status, 201, r.body);
  const wc = await s.call('GET', '/copy_of_other', undefined, {}, editor);
  assert.equal(wc.json.working_copy.creator_url, 'http://localhost:80/author/editor');
  const stored = await s.storage.read((tx) => tx.byPath('/copy_of_other'));
  assert.deepEqual(stored!.data.local_roles, { editor: ['Owner'] }, 'owned by who checked out');
  // Someone who may edit the copy but not the original cannot check in.
  const helper = await addUser(s, 'helper', []);
  const share = await s.call('POST', '/copy_of_other/@sharing', {
    entries: [{ id: 'helper', type: 'user', roles: { Editor: true } }],
  });
  assert.equal(share.status, 204, share.body);
  assert.equal((await s.call('PATCH', '/copy_of_other', { title: 'helped' }, {}, helper)).status, 204);
  const denied = await s.call('PATCH', '/copy_of_other/@workingcopy', {}, {}, helper);
  assert.equal(denied.status, 403, denied.body);
  assert.equal((await s.call('GET', '/other')).json.title, 'Title other');
  assert.equal((await s.call('DELETE', '/copy_of_other/@workingcopy', undefined, {}, editor)).status, 204);
});

test('check-in replaces the content and keeps UID, URL, state; a new revision with the comment', async () => {
  const before = (await s.call('GET', '/doc')).json;
  const r = await s.call('PATCH', '/copy_of_doc/@workingcopy', { message: 'Reviewed by legal' });
  assert.equal(r.status, 204, r.body);
  const after = await s.call('GET', '/doc');
  assert.equal(after.json.UID, before.UID);
  assert.equal(after.json['@id'], 'http://localhost:80/doc');
  assert.equal(after.json.review_state, 'published');
  assert.equal(after.json.title, 'New title');
  assert.deepEqual(after.json.blocks_layout, { items: ['b'] });
  assert.equal(after.json.exclude_from_nav, false, 'the baseline keeps its own navigation setting');
  assert.equal(after.json.working_copy, null);
  assert.equal(after.json.lock.locked, false);
  assert.equal((await s.call('GET', '/copy_of_doc')).status, 404, 'the working copy is gone');
  const anon = await s.call('GET', '/doc', undefined, {}, null);
  assert.equal(anon.json.title, 'New title', 'still published');

  const { revisions, note } = await s.storage.read(async (tx) => {
    const revisions = await tx.revisions(before.UID);
    const last = revisions[revisions.length - 1]!;
    return { revisions, note: await tx.transactionNote(last.tid) };
  });
  assert.equal(revisions[revisions.length - 1]!.data.title, 'New title');
  assert.equal(note, 'Reviewed by legal');
  // The baseline may be edited again by anyone allowed.
  assert.equal((await s.call('PATCH', '/doc', { description: 'free again' }, {}, editor)).status, 204);
});

test('cancel removes the working copy and unlocks the baseline; so does a plain DELETE of the copy', async () => {
  assert.equal((await s.call('POST', '/doc/@workingcopy')).status, 201);
  const del = await s.call('DELETE', '/doc/@workingcopy');
  assert.equal(del.status, 204, del.body);
  assert.equal((await s.call('GET', '/copy_of_doc')).status, 404);
  assert.equal((await s.call('GET', '/doc')).json.working_copy, null);
  assert.equal((await s.call('GET', '/doc/@workingcopy')).json.working_copy, null);
  assert.equal((await s.call('DELETE', '/doc/@workingcopy')).status, 404);

  assert.equal((await s.call('POST', '/doc/@workingcopy')).status, 201);
  assert.equal((await s.call('DELETE', '/copy_of_doc')).status, 204);
  const base = await s.call('GET', '/doc');
  assert.equal(base.json.working_copy, null);
  assert.equal(base.json.lock.locked, false);
  assert.equal((await s.call('PATCH', '/doc', { title: 'Editable' }, {}, editor)).status, 204);
  assert.equal((await s.call('POST', '/doc/@workingcopy')).status, 201, 'a new check-out works');
  assert.equal((await s.call('DELETE', '/copy_of_doc/@workingcopy')).status, 204);
});

test('the site root: its working copy is a private child; check-in changes its fields only', async () => {
  const root = (await s.call('GET', '/')).json;
  const r = await s.call('POST', '/@workingcopy');
  assert.equal(r.status, 201, r.body);
  assert.equal(r.json['@id'], 'http://localhost:80/copy_of_plone');
  assert.equal((await s.call('GET', '/copy_of_plone', undefined, {}, null)).status, 401);
  const rootAnon = await s.call('GET', '/', undefined, {}, null);
  assert.ok(!rootAnon.json.items.some((i: any) => i['@id'].includes('copy_of_plone')));

  const edit = await s.call('PATCH', '/copy_of_plone', { title: 'Staged site title' });
  assert.equal(edit.status, 204, edit.body);
  assert.equal((await s.call('GET', '/')).json.title, root.title);
  const ci = await s.call('PATCH', '/@workingcopy', { message: 'New site title' });
  assert.equal(ci.status, 204, ci.body);
  const after = (await s.call('GET', '/')).json;
  assert.equal(after.title, 'Staged site title');
  assert.equal(after.UID, root.UID);
  assert.equal(after.working_copy, null);
  assert.deepEqual(
    after.items.map((i: any) => i['@id']),
    root.items.map((i: any) => i['@id']),
    'children untouched',
  );
});

test('a folder: the copy holds its own fields, not its children; check-in keeps the children', async () => {
  assert.equal(
    (await s.call('POST', '/', { '@type': 'Folder', id: 'section', title: 'Section' })).status,
    201,
  );
  await publishedDoc('child-a', '/section');
  await publishedDoc('child-b', '/section');
  const folder = (await s.call('GET', '/section')).json;
  assert.equal(folder.items_total, 2);

  assert.equal((await s.call('POST', '/section/@workingcopy')).status, 201);
  const wc = (await s.call('GET', '/copy_of_section')).json;
  assert.equal(wc.items_total, 0, 'children are not copied');
  assert.equal((await s.call('PATCH', '/copy_of_section', { description: 'Staged' })).status, 204);
  assert.equal((await s.call('PATCH', '/section/@workingcopy')).status, 204);

  const after = (await s.call('GET', '/section')).json;
  assert.equal(after.description, 'Staged');
  assert.equal(after.UID, folder.UID);
  assert.deepEqual(
    after.items.map((i: any) => [i['@id'], i.UID]),
    folder.items.map((i: any) => [i['@id'], i.UID]),
  );
  assert.equal((await s.call('GET', '/section/child-a')).json.title, 'Title child-a');
});

test('an image: the copy shares the blob; check-in keeps it readable', async () => {
  const png = Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
    'base64',
  );
  const img = await s.call('POST', '/', {
    '@type': 'Image',
    id: 'pic',
    title: 'Picture',
    image: {
      data: png.toString('base64'),
      encoding: 'base64',
      filename: 'p.png',
      'content-type': 'image/png',
    },
  });
  assert.equal(img.status, 201, img.body);
  assert.equal((await s.call('POST', '/pic/@workingcopy')).status, 201);
  const [base, copy] = await s.storage.read(async (tx) => [
    await tx.byPath('/pic'),
    await tx.byPath('/copy_of_pic'),
  ]);
  assert.equal((copy!.data.image as any).blob, (base!.data.image as any).blob, 'blob shared by reference');
  // Image has no workflow, yet its working copy is private.
  assert.equal((await s.call('GET', '/copy_of_pic', undefined, {}, null)).status, 401);
  assert.equal((await s.call('PATCH', '/copy_of_pic', { title: 'Renamed picture' })).status, 204);
  assert.equal((await s.call('PATCH', '/pic/@workingcopy')).status, 204);
  const after = await s.call('GET', '/pic');
  assert.equal(after.json.title, 'Renamed picture');
  const dl = await s.call('GET', '/pic/@@download/image');
  assert.equal(dl.status, 200);
  assert.equal(Buffer.from(dl.body, 'binary').length > 0, true);
});

test('two check-outs at once: one working copy, the other refused', async () => {
  await publishedDoc('race');
  const results = await Promise.all([
    s.call('POST', '/race/@workingcopy'),
    s.call('POST', '/race/@workingcopy', undefined, {}, editor),
  ]);
  assert.deepEqual(results.map((r) => r.status).sort(), [201, 409], results.map((r) => r.body).join('\n'));
  const root = await s.call('GET', '/?b_size=100');
  const copies = root.json.items.filter((i: any) => /copy\d*_of_race/.test(i['@id']));
  assert.equal(copies.length, 1);
  assert.equal((await s.call('DELETE', '/race/@workingcopy')).status, 204);
});
