// @registry: reading, listing, filtering and updating records; who may; what
// is refused (and that a refused PATCH changes nothing).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { registryRecords } from '@tessera/core';
import { mailSettings, siteFlag, siteSetting } from '../src/settings/index.js';
import { BASIC, startSite, type TestSite } from './harness.js';
import { addUser } from './users.js';

let s: TestSite;
let member: string;
let siteAdmin: string;
before(async () => {
  s = await startSite();
  member = await addUser(s, 'member', ['Member']);
  siteAdmin = await addUser(s, 'siteadmin', ['Site Administrator']);
});
after(() => s.close());

test('GET one record gives its value; unknown records and non-root contexts are 404', async () => {
  const title = await s.call('GET', '/@registry/plone.app.querystring.field.path.title');
  assert.equal(title.status, 200);
  assert.equal(title.json, 'Location');
  assert.equal((await s.call('GET', '/@registry/plone.navigation_depth')).json, 3);
  assert.deepEqual((await s.call('GET', '/@registry/plone.available_languages')).json, ['en']);
  assert.equal((await s.call('GET', '/@registry/plone.no_such_record')).status, 404);
  assert.equal((await s.call('GET', '/@registry/plone.navigation_depth/extra')).status, 404);
  await s.call('POST', '/', { '@type': 'Folder', id: 'folder', title: 'Folder' });
  assert.equal((await s.call('GET', '/folder/@registry')).status, 404);
  assert.equal((await s.call('PATCH', '/folder/@registry', { 'plone.many_users': true })).status, 404);
});

test('the listing is batched and sorted by name; q filters by name prefix', async () => {
  const total = registryRecords().size;
  const first = await s.call('GET', '/@registry');
  assert.equal(first.status, 200);
  assert.equal(first.json['@id'], 'http://localhost:80/@registry');
  assert.equal(first.json.items_total, total);
  assert.equal(first.json.items.length, 25);
  assert.ok(first.json.batching.next);
  const names = first.json.items.map((i: any) => i.name);
  assert.deepEqual(names, [...names].sort());
  const item = first.json.items[0];
  assert.deepEqual(Object.keys(item).sort(), ['name', 'schema', 'value']);
  assert.equal(typeof item.schema.properties.type, 'string');

  const second = await s.call('GET', '/@registry?b_start=25&b_size=10');
  assert.equal(second.json.items.length, 10);
  assert.notEqual(second.json.items[0].name, names[0]);

  const q = await s.call('GET', '/@registry?q=plone.app.querystring.field.path.');
  assert.equal(q.json['@id'], 'http://localhost:80/@registry?q=plone.app.querystring.field.path.');
  assert.equal(q.json.items_total, 8);
  assert.equal(q.json.batching, undefined);
  const byName = Object.fromEntries(q.json.items.map((i: any) => [i.name, i]));
  assert.equal(byName['plone.app.querystring.field.path.title'].value, 'Location');
  assert.equal(byName['plone.app.querystring.field.path.enabled'].schema.properties.factory, 'Yes/No');
  assert.equal((await s.call('GET', '/@registry?q=nothing.starts.like.this')).json.items_total, 0);
});

test('only Manager and Site Administrator may read or write the registry', async () => {
  const anon = await s.call('GET', '/@registry', undefined, {}, null);
  assert.equal(anon.status, 401);
  assert.equal(anon.json.type, 'Unauthorized');
  assert.equal((await s.call('GET', '/@registry/plone.many_users', undefined, {}, null)).status, 401);
  assert.equal((await s.call('GET', '/@registry', undefined, {}, member)).status, 403);
  assert.equal((await s.call('PATCH', '/@registry', { 'plone.many_users': true }, {}, member)).status, 403);
  assert.equal((await s.call('PATCH', '/@registry', { 'plone.many_users': true }, {}, null)).status, 401);
  assert.equal(siteSetting(s.site, 'plone.many_users'), false);
  assert.equal((await s.call('GET', '/@registry', undefined, {}, siteAdmin)).status, 200);
});

test('PATCH updates several records in one write; the helpers and the listing see it', async () => {
  const res = await s.call('PATCH', '/@registry/', {
    'plone.enable_self_reg': true,
    'plone.navigation_depth': 5,
    'plone.displayed_types': ['Document', 'Folder'],
    'plone.app.querystring.field.path.title': 'Value',
  });
  assert.equal(res.status, 204, res.body);
  assert.equal((await s.call('GET', '/@registry/plone.enable_self_reg')).json, true);
  assert.deepEqual((await s.call('GET', '/@registry/plone.displayed_types')).json, ['Document', 'Folder']);
  assert.equal((await s.call('GET', '/@registry/plone.app.querystring.field.path.title')).json, 'Value');
  assert.equal(siteFlag(s.site, 'plone.enable_self_reg'), true);
  assert.equal(siteSetting(s.site, 'plone.navigation_depth'), 5);
  // Back to the recorded value (plone.restapi's documentation examples rely on it).
  await s.call('PATCH', '/@registry', { 'plone.app.querystring.field.path.title': 'Location' });
});

test('refused PATCHes name every problem and change nothing', async () => {
  const before = (await s.call('GET', '/@registry?q=plone.&b_size=1000')).json;
  const cases: Array<[unknown, string[]]> = [
    [{ 'plone.many_users': true, 'plone.no_such_record': 1 }, ['plone.no_such_record']],
    [{ 'plone.many_users': 'yes' }, ['plone.many_users']],
    [{ 'plone.navigation_depth': '3' }, ['plone.navigation_depth']],
    [{ 'plone.navigation_depth': 2.5 }, ['plone.navigation_depth']],
    [{ 'plone.displayed_types': 'Document' }, ['plone.displayed_types']],
    [{ 'plone.displayed_types': ['NoSuchType'] }, ['plone.displayed_types']],
    [{ 'plone.smtp_host': null, 'plone.many_groups': true }, ['plone.smtp_host']],
    [{ 'plone.site_title': 'one\ntwo' }, ['plone.site_title']],
    [{ 'plone.sort_tabs_on': 'whatever', 'plone.root': 'no-slash' }, ['plone.sort_tabs_on', 'plone.root']],
    [{ 'plone.quality': 200 }, ['plone.quality']],
  ];
  for (const [body, fields] of cases) {
    const res = await s.call('PATCH', '/@registry', body);
    assert.equal(res.status, 400, `${JSON.stringify(body)} → ${res.body}`);
    assert.equal(res.json.error.type, 'BadRequest');
    assert.deepEqual(res.json.error.errors.map((e: any) => e.field).sort(), fields.sort(), res.body);
  }
  for (const bad of ['[1, 2]', '"text"', 'null']) {
    assert.equal((await s.call('PATCH', '/@registry', bad)).status, 400);
  }
  assert.deepEqual((await s.call('GET', '/@registry?q=plone.&b_size=1000')).json, before);
});

test('the site title record is the root title: writing one changes the other and @site', async () => {
  assert.equal((await s.call('PATCH', '/@registry', { 'plone.site_title': 'Renamed site' })).status, 204);
  assert.equal((await s.call('GET', '/')).json.title, 'Renamed site');
  assert.equal((await s.call('GET', '/@site')).json['plone.site_title'], 'Renamed site');
  assert.equal((await s.call('PATCH', '/', { title: 'Title from the root' })).status, 204);
  assert.equal((await s.call('GET', '/@registry/plone.site_title')).json, 'Title from the root');
});

test('mail settings come from the mail records', async () => {
  const res = await s.call('PATCH', '/@registry', {
    'plone.smtp_host': 'mail.example.org',
    'plone.smtp_port': 587,
    'plone.email_from_address': 'site@example.org',
    'plone.email_from_name': 'The Site',
  });
  assert.equal(res.status, 204, res.body);
  assert.deepEqual(mailSettings(s.site), {
    host: 'mail.example.org',
    port: 587,
    user: null,
    password: null,
    fromName: 'The Site',
    fromAddress: 'site@example.org',
    charset: 'utf-8',
  });
  const bad = await s.call('PATCH', '/@registry', { 'plone.email_from_address': 'not an address' });
  assert.equal(bad.status, 400);
});

test('another process on the same database sees a change at once', async () => {
  const peer = await s.peer();
  try {
    const patch = await peer.app.inject({
      method: 'PATCH',
      url: '/@registry',
      headers: { authorization: BASIC, 'content-type': 'application/json', accept: 'application/json' },
      payload: JSON.stringify({ 'plone.many_groups': true }),
    });
    assert.equal(patch.statusCode, 204);
    assert.equal((await s.call('GET', '/@registry/plone.many_groups')).json, true);
    assert.equal(siteFlag(s.site, 'plone.many_groups'), true);
  } finally {
    await peer.close();
  }
});
