// @upgrade (docs/site-admin.md): whether the stored site is in step with this
// code (schema migrations and the site's own upgrade steps), a dry run that
// changes nothing, and a real run in one transaction.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startSite, type TestSite } from './harness.js';
import { addUser } from './users.js';

let s: TestSite;
let member: string;

before(async () => {
  s = await startSite();
  member = await addUser(s, 'mona', ['Member']);
});
after(() => s.close());

test('a site created by this code is up to date', async () => {
  const r = await s.call('GET', '/@upgrade');
  assert.equal(r.status, 200);
  assert.equal(r.json['@id'], 'http://localhost:80/@upgrade');
  assert.deepEqual(r.json.upgrade_steps, {});
  assert.equal(r.json.versions.fs, r.json.versions.instance);
  assert.match(r.json.versions.fs, /^\d+\.\d+\.\d+$/);
  const post = await s.call('POST', '/@upgrade', { dry_run: false });
  assert.equal(post.status, 200);
  assert.equal(post.json.upgraded, true);
  assert.equal(post.json.dry_run, false);
  assert.match(post.json.report, /up to date/);
});

test('a site an older Tessera wrote lists its due steps; a dry run changes nothing; a run does them', async () => {
  assert.equal(
    (await s.call('POST', '/', { '@type': 'Document', id: 'findme', title: 'Findable words' })).status,
    201,
  );
  // As an older Tessera left it: the catalog built by an earlier indexer.
  await s.storage.write({ principal: null, note: 'test: older catalog' }, async (tx) => {
    await tx.setSetting('catalog_version', 1);
  });
  const due = (await s.call('GET', '/@upgrade')).json;
  assert.notEqual(due.versions.instance, due.versions.fs);
  assert.equal((await s.call('GET', '/@system')).json.upgrade, true);
  const [key] = Object.keys(due.upgrade_steps);
  assert.match(key, /^catalog_version:1-\d+$/);
  assert.deepEqual(due.upgrade_steps[key], [{ id: 'catalog_version', title: 'Catalog rebuilt' }]);

  const dry = await s.call('POST', '/@upgrade', { dry_run: true });
  assert.equal(dry.status, 200);
  assert.equal(dry.json.dry_run, true);
  assert.equal(dry.json.upgraded, false);
  assert.match(dry.json.report, /^Dry run selected\./);
  assert.match(dry.json.report, /Would run upgrade step: Catalog rebuilt/);
  assert.deepEqual((await s.call('GET', '/@upgrade')).json.upgrade_steps, due.upgrade_steps);

  const run = await s.call('POST', '/@upgrade', { dry_run: false });
  assert.equal(run.status, 200);
  assert.equal(run.json.upgraded, true);
  assert.match(run.json.report, /Ran upgrade step: Catalog rebuilt/);
  assert.equal(run.json.versions.fs, run.json.versions.instance);
  const after = (await s.call('GET', '/@upgrade')).json;
  assert.deepEqual(after.upgrade_steps, {});
  assert.equal((await s.call('GET', '/@system')).json.upgrade, false);
  assert.equal((await s.call('GET', '/@search?SearchableText=Findable')).json.items_total, 1);
});

test('bad input and who may use it', async () => {
  assert.equal((await s.call('POST', '/@upgrade', { dry_run: 'yes' })).status, 400);
  assert.equal((await s.call('POST', '/@upgrade', '[]')).status, 400);
  assert.equal((await s.call('GET', '/@upgrade', undefined, {}, member)).status, 403);
  assert.equal((await s.call('POST', '/@upgrade', { dry_run: true }, {}, member)).status, 403);
  assert.equal((await s.call('GET', '/@upgrade', undefined, {}, null)).status, 401);
  assert.equal((await s.call('POST', '/', { '@type': 'Folder', id: 'f', title: 'F' })).status, 201);
  assert.equal((await s.call('GET', '/f/@upgrade')).status, 404);
});
