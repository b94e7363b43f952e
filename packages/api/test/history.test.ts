// @history: versions made by saves of versionable types (with change notes),
// the list with workflow entries, one old version, the field-level diff,
// revert (itself a version) also of an image, versions that survive
// packing, and who may see and revert.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { blobDirOf, type KyselyStorage, pack } from '@tessera/storage';
import sharp from 'sharp';
import { startSite, type TestSite } from './harness.js';
import { addUser } from './users.js';

let s: TestSite;
const auth: Record<string, string> = {};

before(async () => {
  s = await startSite();
  auth.editor = await addUser(s, 'editor', ['Editor']);
  auth.reader = await addUser(s, 'reader', ['Reader']);
  auth.contributor = await addUser(s, 'contributor', ['Contributor']);
});
after(() => s.close());

test('each save of a Document makes a version; the list has versions and workflow entries', async () => {
  const r = await s.call('POST', '/', { '@type': 'Document', id: 'page', title: 'One' });
  assert.equal(r.status, 201, r.body);
  assert.equal((await s.call('PATCH', '/page', { title: 'Two', changeNote: 'Retitled' })).status, 204);
  assert.equal((await s.call('PATCH', '/page', { description: 'Three' }, {}, auth.editor)).status, 204);
  assert.equal((await s.call('POST', '/page/@workflow/publish', { comment: 'Go' })).status, 200);

  const h = await s.call('GET', '/page/@history');
  assert.equal(h.status, 200, h.body);
  const versions = h.json.filter((e: any) => e.type === 'versioning');
  assert.deepEqual(
    versions.map((e: any) => [e.version, e.comments, e.actor.id]),
    [
      [2, '', 'editor'],
      [1, 'Retitled', 'admin'],
      [0, 'Initial version', 'admin'],
    ],
  );
  const v1 = versions[1];
  assert.match(v1['@id'], /\/page\/@history\/1$/);
  assert.equal(v1.action, 'Edited');
  assert.equal(v1.transition_title, 'Edited');
  assert.equal(v1.may_revert, true);
  assert.deepEqual(Object.keys(v1.actor).sort(), ['@id', 'fullname', 'id', 'username']);
  const wf = h.json.filter((e: any) => e.type === 'workflow');
  assert.deepEqual(
    wf.map((e: any) => [e.action, e.review_state]),
    [
      ['publish', 'published'],
      ['Create', 'private'],
    ],
  );
  assert.equal(wf[0].comments, 'Go');
  assert.equal(typeof wf[0].state_title, 'string');
  assert.equal(typeof wf[0].transition_title, 'string');
  // Newest first.
  const times = h.json.map((e: any) => Date.parse(e.time));
  assert.deepEqual(
    [...times].sort((a, b) => b - a),
    times,
  );
});

test('Folders are not versioned by default; the setting names the types', async () => {
  await s.call('POST', '/', { '@type': 'Folder', id: 'folder', title: 'F' });
  await s.call('PATCH', '/folder', { title: 'G' });
  const h = await s.call('GET', '/folder/@history');
  assert.equal(h.json.filter((e: any) => e.type === 'versioning').length, 0);
  const other = await (await import('./harness.js')).startSite({ versionableTypes: 'Folder' });
  try {
    await other.call('POST', '/', { '@type': 'Folder', id: 'f', title: 'F' });
    await other.call('POST', '/', { '@type': 'Document', id: 'd', title: 'D' });
    const f = await other.call('GET', '/f/@history');
    assert.equal(f.json.filter((e: any) => e.type === 'versioning').length, 1);
    const d = await other.call('GET', '/d/@history');
    assert.equal(d.json.filter((e: any) => e.type === 'versioning').length, 0);
  } finally {
    await other.close();
  }
});

test('GET @history/<n> returns the content as it was', async () => {
  await s.call('POST', '/', { '@type': 'Document', id: 'old', title: 'First title' });
  await s.call('PATCH', '/old', { title: 'Second title' });
  const v0 = await s.call('GET', '/old/@history/0');
  assert.equal(v0.status, 200, v0.body);
  assert.equal(v0.json.title, 'First title');
  assert.equal(v0.json.version, 0);
  assert.equal(v0.json['@type'], 'Document');
  assert.match(v0.json['@id'], /\/old$/);
  assert.equal((await s.call('GET', '/old/@history/1')).json.title, 'Second title');
  assert.equal((await s.call('GET', '/old/@history/current')).json.title, 'Second title');
  const missing = await s.call('GET', '/old/@history/9');
  assert.equal(missing.status, 404);
  assert.equal(missing.json.error.type, 'NotFound');
  assert.equal((await s.call('GET', '/old/@history/x')).status, 400);
});

test('GET @history/<a>/diff/<b> lists the changed fields, and for blocks which blocks', async () => {
  const blocks = { a: { '@type': 'title' }, b: { '@type': 'slate', value: [{ text: 'one' }] } };
  await s.call('POST', '/', {
    '@type': 'Document',
    id: 'diffed',
    title: 'T',
    description: 'same',
    blocks,
    blocks_layout: { items: ['a', 'b'] },
  });
  await s.call('PATCH', '/diffed', {
    title: 'T2',
    blocks: { b: { '@type': 'slate', value: [{ text: 'two' }] }, c: { '@type': 'image' } },
    blocks_layout: { items: ['b', 'c'] },
  });
  const d = await s.call('GET', '/diffed/@history/0/diff/1');
  assert.equal(d.status, 200, d.body);
  assert.equal(d.json.from.version, 0);
  assert.equal(d.json.to.version, 1);
  const fields = d.json.changes.map((c: any) => c.field);
  assert.deepEqual(fields, ['blocks', 'blocks_layout', 'title']);
  const title = d.json.changes.find((c: any) => c.field === 'title');
  assert.deepEqual([title.old, title.new], ['T', 'T2']);
  const b = d.json.changes.find((c: any) => c.field === 'blocks');
  assert.deepEqual(b.blocks, { added: ['c'], removed: ['a'], changed: ['b'] });
  const none = await s.call('GET', '/diffed/@history/1/diff/current');
  assert.deepEqual(none.json.changes, []);
  assert.equal((await s.call('GET', '/diffed/@history/0/diff')).status, 404);
});

test('PATCH @history reverts: the old fields come back as a new version; workflow stays', async () => {
  await s.call('POST', '/', { '@type': 'Document', id: 'rev', title: 'Original', description: 'd0' });
  await s.call('PATCH', '/rev', { title: 'Changed', description: 'd1' });
  await s.call('POST', '/rev/@workflow/publish', {});
  const r = await s.call('PATCH', '/rev/@history', { version: 0 });
  assert.equal(r.status, 200, r.body);
  assert.equal(r.json.message, 'Original has been reverted to revision 0.');
  const now = await s.call('GET', '/rev');
  assert.equal(now.json.title, 'Original');
  assert.equal(now.json.description, 'd0');
  assert.equal(now.json.review_state, 'published');
  const versions = (await s.call('GET', '/rev/@history')).json.filter((e: any) => e.type === 'versioning');
  assert.equal(versions.length, 3);
  assert.equal(versions[0].version, 2);
  assert.equal(versions[0].comments, 'Restored from version 0');
  // The catalog follows.
  const found = await s.call('GET', '/@search?SearchableText=Original&portal_type=Document');
  assert.ok(found.json.items.some((i: any) => i['@id'].endsWith('/rev')));
  // Bad requests.
  assert.equal((await s.call('PATCH', '/rev/@history', { version: 'x' })).status, 400);
  assert.equal((await s.call('PATCH', '/rev/@history', { version: 42 })).status, 404);
});

async function png(color: { r: number; g: number; b: number }) {
  return sharp({ create: { width: 64, height: 48, channels: 3, background: color } })
    .png()
    .toBuffer();
}

const imageField = (bytes: Buffer, filename: string) => ({
  data: bytes.toString('base64'),
  encoding: 'base64',
  filename,
  'content-type': 'image/png',
});

test('reverting an image restores the old file, and its scales work', async () => {
  const red = await png({ r: 255, g: 0, b: 0 });
  const blue = await png({ r: 0, g: 0, b: 255 });
  const r = await s.call('POST', '/', {
    '@type': 'Image',
    id: 'pic',
    title: 'Pic',
    image: imageField(red, 'red.png'),
  });
  assert.equal(r.status, 201, r.body);
  await s.call('PATCH', '/pic', { image: imageField(blue, 'blue.png') });
  assert.equal((await s.call('GET', '/pic')).json.image.filename, 'blue.png');
  assert.equal((await s.call('PATCH', '/pic/@history', { version: 0 })).status, 200);
  const back = await s.call('GET', '/pic');
  assert.equal(back.json.image.filename, 'red.png');
  const download = await s.app.inject({ method: 'GET', url: new URL(back.json.image.download).pathname });
  assert.equal(download.statusCode, 200);
  assert.ok(download.rawPayload.equals(red));
  const thumb = back.json.image.scales.thumb;
  const scale = await s.app.inject({ method: 'GET', url: new URL(thumb.download).pathname });
  assert.equal(scale.statusCode, 200);
  const meta = await sharp(scale.rawPayload).stats();
  assert.ok(meta.channels[0]!.mean > 200 && meta.channels[2]!.mean < 50, 'the thumbnail is red again');
});

test('versions survive packing, and so do the blobs only versions use', async () => {
  const green = await png({ r: 0, g: 255, b: 0 });
  const gray = await png({ r: 90, g: 90, b: 90 });
  await s.call('POST', '/', {
    '@type': 'Image',
    id: 'packed',
    title: 'P',
    image: imageField(green, 'g.png'),
  });
  await s.call('PATCH', '/packed', { image: imageField(gray, 'gray.png') });
  // A blob nothing refers to: pack must collect it (so collection did run).
  const orphan = await s.storage.putBlob(Buffer.from(`orphan ${Date.now()}`));
  const packed = await pack(s.storage as KyselyStorage, {
    days: 0,
    blobGrace: 0,
    blobDir: blobDirOf({ db: s.config.db, dataDir: s.config.data, blobDir: s.config.blobDir }),
    now: new Date(Date.now() + 1000),
  });
  assert.ok(packed.revisions.revisions > 0, 'pack removed the revision that held the first image');
  assert.ok(packed.blobs.blobs > 0, 'pack collected the orphan blob');
  assert.equal(await s.storage.read((tx) => tx.blobInfo(orphan.hash)), undefined);
  const v0 = await s.call('GET', '/packed/@history/0');
  assert.equal(v0.status, 200, v0.body);
  assert.equal(v0.json.image.filename, 'g.png');
  assert.equal((await s.call('PATCH', '/packed/@history', { version: 0 })).status, 200);
  const back = await s.call('GET', '/packed');
  const download = await s.app.inject({ method: 'GET', url: new URL(back.json.image.download).pathname });
  assert.equal(download.statusCode, 200);
  assert.ok(download.rawPayload.equals(green));
});

test('who may see and revert: not readers, not anonymous, not a contributor on others’ items', async () => {
  await s.call('POST', '/', { '@type': 'Document', id: 'guarded', title: 'G' });
  await s.call('POST', '/guarded/@workflow/publish', {});
  assert.equal((await s.call('GET', '/guarded/@history', undefined, {}, null)).status, 401);
  assert.equal((await s.call('GET', '/guarded/@history', undefined, {}, auth.reader)).status, 403);
  assert.equal((await s.call('GET', '/guarded/@history/0', undefined, {}, auth.reader)).status, 403);
  assert.equal(
    (await s.call('PATCH', '/guarded/@history', { version: 0 }, {}, auth.contributor)).status,
    403,
  );
  assert.equal((await s.call('PATCH', '/guarded/@history', { version: 0 }, {}, auth.reader)).status, 403);
  const editor = await s.call('GET', '/guarded/@history', undefined, {}, auth.editor);
  assert.equal(editor.status, 200);
  assert.equal(
    editor.json[0].may_revert ?? editor.json.find((e: any) => e.type === 'versioning').may_revert,
    true,
  );
  // A contributor's own item: as its Owner, it may.
  const own = await s.call(
    'POST',
    '/',
    { '@type': 'Document', id: 'mine', title: 'M' },
    {},
    auth.contributor,
  );
  assert.equal(own.status, 201, own.body);
  await s.call('PATCH', '/mine', { title: 'M2' }, {}, auth.contributor);
  assert.equal((await s.call('PATCH', '/mine/@history', { version: 0 }, {}, auth.contributor)).status, 200);
});

test('a revert of an item locked by someone else is refused with 423', async () => {
  await s.call('POST', '/', { '@type': 'Document', id: 'held', title: 'H' });
  await s.call('PATCH', '/held', { title: 'H2' });
  await s.call('POST', '/held/@lock', undefined, {}, auth.editor);
  assert.equal((await s.call('PATCH', '/held/@history', { version: 0 })).status, 423);
});

test('moves and renames recorded in revisions are listed as "move" entries', async () => {
  await s.call('POST', '/', { '@type': 'Document', id: 'walker', title: 'W' });
  // The move service is another part's; move the row underneath, then save at the new place.
  const db = (s.storage as KyselyStorage).db as any;
  await db
    .updateTable('objects')
    .set({ path: '/walked', id: 'walked' })
    .where('path', '=', '/walker')
    .execute();
  s.site.cache.changedEverything(await s.storage.lastTid());
  assert.equal((await s.call('PATCH', '/walked', { title: 'W2' }, {}, auth.editor)).status, 204);
  const h = await s.call('GET', '/walked/@history');
  const move = h.json.find((e: any) => e.type === 'move');
  assert.ok(move, JSON.stringify(h.json));
  assert.equal(move.action, 'Renamed');
  assert.match(move.from, /\/walker$/);
  assert.match(move.to, /\/walked$/);
  assert.equal(move.actor.id, 'editor');
});
