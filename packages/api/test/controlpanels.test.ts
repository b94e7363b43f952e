// @controlpanels: the overview, each panel's schema and data, PATCHing data;
// who may; what is refused (and that a refused PATCH changes nothing).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { CONTROL_PANELS } from '@tessera/core';
import { siteFlag } from '../src/settings/index.js';
import { startSite, type TestSite } from './harness.js';
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

test('the overview lists every panel by group, as Volto expects', async () => {
  const res = await s.call('GET', '/@controlpanels');
  assert.equal(res.status, 200);
  assert.ok(Array.isArray(res.json));
  const ids = res.json.map((p: any) => p['@id'].split('/').pop());
  // The registry panels plus the Content Types panel (docs/site-admin.md).
  assert.deepEqual(ids.sort(), [...CONTROL_PANELS.map((p) => p.id), 'dexterity-types'].sort());
  for (const p of res.json) {
    assert.deepEqual(Object.keys(p).sort(), ['@id', 'group', 'searchable_text', 'title']);
    assert.equal(p.searchable_text[0], p.title);
    assert.equal(p.searchable_text[1], p.group);
  }
  const groups = res.json.map((p: any) => p.group);
  assert.deepEqual([...new Set(groups)], ['General', 'Content', 'Users', 'Security']);
  const security = res.json.find((p: any) => p.title === 'Security');
  assert.equal(security['@id'], 'http://localhost:80/@controlpanels/security');
  assert.ok(security.searchable_text.includes('Enable self-registration'));
});

test('every panel serializes, and PATCHing its own data back is accepted', async () => {
  // Like a fresh Plone, the mail sender must be set before the mail panel validates.
  const mail = await s.call('PATCH', '/@controlpanels/mail', {
    email_from_address: 'admin@example.org',
    email_from_name: 'Site admin',
  });
  assert.equal(mail.status, 204, mail.body);
  for (const panel of CONTROL_PANELS) {
    const got = await s.call('GET', `/@controlpanels/${panel.id}`);
    assert.equal(got.status, 200, `${panel.id}: ${got.body}`);
    assert.deepEqual(Object.keys(got.json).sort(), ['@id', 'data', 'group', 'schema', 'title']);
    assert.deepEqual(Object.keys(got.json.data).sort(), Object.keys(got.json.schema.properties).sort());
    const inFieldsets = got.json.schema.fieldsets.flatMap((f: any) => f.fields);
    assert.deepEqual(inFieldsets.sort(), Object.keys(got.json.schema.properties).sort());
    const back = await s.call('PATCH', `/@controlpanels/${panel.id}`, got.json.data);
    assert.equal(back.status, 204, `${panel.id}: ${back.body}`);
    assert.deepEqual((await s.call('GET', `/@controlpanels/${panel.id}`)).json.data, got.json.data);
  }
});

test('a panel: schema in plone.restapi shape, data with choice terms', async () => {
  const res = await s.call('GET', '/@controlpanels/editing');
  assert.equal(res.json.title, 'Editing');
  assert.equal(res.json.group, 'Content');
  assert.deepEqual(res.json.schema.required, ['available_editors', 'default_editor']);
  assert.equal(res.json.schema.type, 'object');
  assert.deepEqual(res.json.schema.fieldsets[0].id, 'default');
  assert.deepEqual(res.json.schema.properties.default_editor.vocabulary, {
    '@id': 'http://localhost:80/@vocabularies/plone.app.vocabularies.AvailableEditors',
  });
  assert.deepEqual(res.json.data.default_editor, { title: 'TinyMCE', token: 'TinyMCE' });
  assert.deepEqual(res.json.data.available_editors, ['TinyMCE', 'None']);

  const nav = await s.call('GET', '/@controlpanels/navigation');
  assert.deepEqual(nav.json.data.displayed_types[0], { title: 'Link', token: 'Link' });
  assert.deepEqual(nav.json.data.sort_tabs_on, {
    title: 'Position in Parent',
    token: 'getObjPositionInParent',
  });
  const lang = await s.call('GET', '/@controlpanels/language');
  assert.deepEqual(
    lang.json.schema.fieldsets.map((f: any) => f.id),
    ['general', 'negotiation_scheme'],
  );
  assert.deepEqual(lang.json.data.default_language, { title: 'English', token: 'en' });
});

test('PATCH changes the registry records behind the panel; tokens and terms are both accepted', async () => {
  assert.equal(siteFlag(s.site, 'plone.enable_self_reg'), false);
  const res = await s.call('PATCH', '/@controlpanels/security', {
    enable_self_reg: true,
    use_email_as_login: true,
  });
  assert.equal(res.status, 204, res.body);
  const data = (await s.call('GET', '/@controlpanels/security')).json.data;
  assert.equal(data.enable_self_reg, true);
  assert.equal(data.use_email_as_login, true);
  assert.equal(data.enable_user_folders, false);
  assert.equal((await s.call('GET', '/@registry/plone.enable_self_reg')).json, true);
  assert.equal(siteFlag(s.site, 'plone.enable_self_reg'), true);

  const nav = await s.call('PATCH', '/@controlpanels/navigation', {
    displayed_types: [{ title: 'Page', token: 'Document' }, 'Folder'],
    sort_tabs_on: { token: 'sortable_title' },
    navigation_depth: 2,
  });
  assert.equal(nav.status, 204, nav.body);
  assert.deepEqual((await s.call('GET', '/@registry/plone.displayed_types')).json, ['Document', 'Folder']);
  assert.equal((await s.call('GET', '/@registry/plone.sort_tabs_on')).json, 'sortable_title');

  // The editing panel's editor stays open: Plone accepted any editor name.
  assert.equal(
    (await s.call('PATCH', '/@controlpanels/editing', { default_editor: 'CKeditor' })).status,
    204,
  );
  assert.equal((await s.call('GET', '/@controlpanels/editing')).json.data.default_editor, 'CKeditor');
  await s.call('PATCH', '/@controlpanels/editing', { default_editor: 'TinyMCE' });
});

test('the site panel title is the site title everywhere', async () => {
  const res = await s.call('PATCH', '/@controlpanels/site', { site_title: 'Panel title' });
  assert.equal(res.status, 204, res.body);
  assert.equal((await s.call('GET', '/@site')).json['plone.site_title'], 'Panel title');
  assert.equal((await s.call('GET', '/')).json.title, 'Panel title');
  assert.equal((await s.call('GET', '/@controlpanels/site')).json.data.site_title, 'Panel title');
  assert.equal((await s.call('PATCH', '/', { title: 'Root title' })).status, 204);
  assert.equal((await s.call('GET', '/@controlpanels/site')).json.data.site_title, 'Root title');
});

test('refused PATCHes name every problem and change nothing', async () => {
  const before = (await s.call('GET', '/@controlpanels/mail')).json.data;
  const cases: Array<[unknown, string[]]> = [
    [{ smtp_host: 'other.example.org', bogus: 1 }, ['bogus']],
    [{ smtp_host: 'other.example.org', email_charset: null }, ['email_charset']],
    [{ smtp_port: 'twenty-five' }, ['smtp_port']],
    [{ smtp_port: '25' }, ['smtp_port']],
    [{ email_from_address: 'Ünïcode@example.org' }, ['email_from_address']],
    [{ smtp_host: ['a'], smtp_userid: 7 }, ['smtp_host', 'smtp_userid']],
  ];
  for (const [body, fields] of cases) {
    const res = await s.call('PATCH', '/@controlpanels/mail', body);
    assert.equal(res.status, 400, `${JSON.stringify(body)} → ${res.body}`);
    assert.deepEqual(res.json.error.errors.map((e: any) => e.field).sort(), fields.sort(), res.body);
  }
  const required = await s.call('PATCH', '/@controlpanels/mail', { email_charset: null });
  assert.match(required.json.error.message, /Required input is missing\./);
  assert.deepEqual((await s.call('GET', '/@controlpanels/mail')).json.data, before);

  const twitter = await s.call('PATCH', '/@controlpanels/socialmedia', { twitter_username: '@test' });
  assert.equal(twitter.status, 400);
  assert.match(twitter.json.error.message, /should not include the "@" prefix/);
  const variants = await s.call('PATCH', '/@controlpanels/imaging', {
    picture_variants: { big: { title: 'x' } },
  });
  assert.equal(variants.status, 400);
  assert.equal((await s.call('PATCH', '/@controlpanels/security', '["x"]')).status, 400);
});

test('unknown panels are 404; a PATCH must name a panel', async () => {
  assert.equal((await s.call('GET', '/@controlpanels/no-way-jose')).status, 404);
  assert.equal((await s.call('PATCH', '/@controlpanels/no-way-jose', { a: 1 })).status, 404);
  assert.equal((await s.call('GET', '/@controlpanels/security/extra')).status, 404);
  const bare = await s.call('PATCH', '/@controlpanels', { a: 1 });
  assert.equal(bare.status, 400);
  assert.equal(bare.json.error.message, 'Missing parameter controlpanelname');
  await s.call('POST', '/', { '@type': 'Folder', id: 'folder', title: 'Folder' });
  assert.equal((await s.call('GET', '/folder/@controlpanels')).status, 404);
});

test('anonymous users and members may not list, read or change panels; site administrators may', async () => {
  assert.equal((await s.call('GET', '/@controlpanels', undefined, {}, null)).status, 401);
  assert.equal((await s.call('GET', '/@controlpanels/security', undefined, {}, null)).status, 401);
  assert.equal(
    (await s.call('PATCH', '/@controlpanels/security', { enable_self_reg: false }, {}, null)).status,
    401,
  );
  assert.equal((await s.call('GET', '/@controlpanels', undefined, {}, member)).status, 403);
  assert.equal((await s.call('GET', '/@controlpanels/security', undefined, {}, member)).status, 403);
  const patch = await s.call('PATCH', '/@controlpanels/security', { enable_self_reg: false }, {}, member);
  assert.equal(patch.status, 403);
  assert.equal(siteFlag(s.site, 'plone.enable_self_reg'), true);

  const list = await s.call('GET', '/@controlpanels', undefined, {}, siteAdmin);
  assert.equal(list.status, 200);
  assert.equal(list.json.length, CONTROL_PANELS.length + 1);
  const ok = await s.call('PATCH', '/@controlpanels/usergroup', { many_users: true }, {}, siteAdmin);
  assert.equal(ok.status, 204, ok.body);
  assert.equal(siteFlag(s.site, 'plone.many_users'), true);
});

test('a logo uploaded in the site panel is served at @@site-logo and announced by @site', async () => {
  const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
  const encoded = `filenameb64:${Buffer.from('logo.png').toString('base64')};datab64:${png.toString('base64')}`;
  assert.equal((await s.call('GET', '/@site')).json['plone.site_logo'], null);
  assert.equal((await s.call('GET', '/@@site-logo')).status, 404);
  const bad = await s.call('PATCH', '/@controlpanels/site', { site_logo: 'just a string' });
  assert.equal(bad.status, 400);
  assert.equal((await s.call('PATCH', '/@controlpanels/site', { site_logo: encoded })).status, 204);
  assert.equal(
    (await s.call('GET', '/@site')).json['plone.site_logo'],
    'http://localhost:80/@@site-logo/logo.png',
  );
  const logo = await s.app.inject({ method: 'GET', url: '/@@site-logo/logo.png' });
  assert.equal(logo.statusCode, 200);
  assert.equal(logo.headers['content-type'], 'image/png');
  assert.equal(logo.headers['x-content-type-options'], 'nosniff');
  assert.deepEqual(logo.rawPayload, png);

  const svg = `filenameb64:${Buffer.from('logo.svg').toString('base64')};datab64:${Buffer.from('<svg/>').toString('base64')}`;
  assert.equal((await s.call('PATCH', '/@controlpanels/site', { site_logo: svg })).status, 204);
  const download = await s.call('GET', '/@@site-logo/logo.svg');
  assert.equal(download.headers['content-type'], 'application/octet-stream');
  assert.match(String(download.headers['content-disposition']), /^attachment/);
  assert.equal((await s.call('PATCH', '/@controlpanels/site', { site_logo: null })).status, 204);
  assert.equal((await s.call('GET', '/@site')).json['plone.site_logo'], null);
});
