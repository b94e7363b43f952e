// The Content Types control panel (docs/site-admin.md): @controlpanels/
// dexterity-types lists the types with their item counts, adds a type
// through the web, changes a type's settings and behaviors, and deletes a
// type only when nothing (in the site or the trash) uses it.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startSite, type TestSite } from './harness.js';
import { addUser } from './users.js';

let s: TestSite;
const auth: Record<string, string> = {};
const PANEL = '/@controlpanels/dexterity-types';

before(async () => {
  s = await startSite({ distribution: 'classic' });
  auth.member = await addUser(s, 'mona', ['Member']);
  auth.siteadmin = await addUser(s, 'sam', ['Site Administrator']);
});
after(() => s.close());

const listing = async () => (await s.call('GET', PANEL)).json;
const entryOf = async (id: string) => (await listing()).items.find((i: any) => i.id === id);

test('the list names every type with how many items it has', async () => {
  const body = await listing();
  assert.equal(body['@id'], `http://localhost:80${PANEL}`);
  assert.equal(body.title, 'Content Types');
  assert.equal(body.group, 'Content');
  const site = body.items.find((i: any) => i.id === 'Plone Site');
  assert.deepEqual(Object.keys(site).sort(), [
    '@id',
    '@type',
    'count',
    'description',
    'id',
    'meta_type',
    'title',
  ]);
  assert.equal(site.count, 1);
  assert.equal((await entryOf('Document')).title, 'Page');
  const before = (await entryOf('Document')).count;
  assert.equal(
    (await s.call('POST', '/', { '@type': 'Document', id: 'counted', title: 'Counted' })).status,
    201,
  );
  assert.equal((await entryOf('Document')).count, before + 1);
  assert.equal((await s.call('DELETE', '/counted')).status, 204);
  // Trashed items are not counted (as Plone counts what its catalog holds).
  assert.equal((await entryOf('Document')).count, before);
});

test('the control panel overview lists the panel with the type titles to search', async () => {
  const list = (await s.call('GET', '/@controlpanels')).json;
  const panel = list.find((p: any) => p['@id'].endsWith('/@controlpanels/dexterity-types'));
  assert.ok(panel, JSON.stringify(list));
  assert.equal(panel.group, 'Content');
  assert.ok(panel.searchable_text.includes('Page'));
});

test('POST adds a folderish type with Dublin Core and name from title, then usable for content', async () => {
  const r = await s.call('POST', PANEL, { title: 'Café Menu', description: 'What we serve' });
  assert.equal(r.status, 201, r.body);
  assert.equal(r.headers.location, `http://localhost:80${PANEL}/cafe_menu`);
  assert.equal(r.json.title, 'Café Menu');
  assert.equal(r.json.data.title, 'Café Menu');
  assert.equal(r.json.data.description, 'What we serve');
  assert.equal(r.json.data['plone.dublincore'], true);
  assert.equal(r.json.data['plone.namefromtitle'], true);
  assert.equal(r.json.data['plone.richtext'], false);
  assert.equal(r.json.data.filter_content_types, true);
  assert.deepEqual(r.json.data.allowed_content_types, []);
  assert.deepEqual(r.json.schema.required, ['title', 'filter_content_types']);
  assert.deepEqual(
    r.json.schema.fieldsets.map((f: any) => f.id),
    ['default', 'behaviors'],
  );
  // The type is real: its schema has Dublin Core's fields and content can be made of it.
  const schema = (await s.call('GET', '/@types/cafe_menu')).json;
  assert.ok(schema.properties.title && schema.properties.subjects, Object.keys(schema.properties).join());
  const made = await s.call('POST', '/', { '@type': 'cafe_menu', title: 'Lunch' });
  assert.equal(made.status, 201, made.body);
  assert.equal(made.json['@type'], 'cafe_menu');
  assert.equal(made.json.id, 'lunch');
  // Nothing may be added inside it yet (filtered, none listed).
  assert.equal((await s.call('POST', '/lunch', { '@type': 'Document', title: 'Soup' })).status, 403);
});

test('POST refuses a missing title, a taken id and an unusable id', async () => {
  const noTitle = await s.call('POST', PANEL, { description: 'x' });
  assert.equal(noTitle.status, 400);
  assert.equal(noTitle.json.error.type, 'BadRequest');
  assert.equal((await s.call('POST', PANEL, { title: 'Page', id: 'Document' })).status, 400);
  assert.equal((await s.call('POST', PANEL, { title: 'X', id: 'a/b' })).status, 400);
  assert.equal((await s.call('POST', PANEL, { title: 'X', id: 'x'.repeat(101) })).status, 400);
  assert.equal((await s.call('POST', PANEL, '[1]')).status, 400);
  // Registry panels are not added to or deleted; unknown panels are not there.
  assert.equal((await s.call('POST', '/@controlpanels/mail', { title: 'x' })).status, 405);
  assert.equal((await s.call('DELETE', '/@controlpanels/mail')).status, 405);
  assert.equal((await s.call('DELETE', '/@controlpanels/nothing-here')).status, 404);
  assert.equal((await s.call('GET', `${PANEL}/Document`)).json.title, 'Page');
});

test('PATCH changes title, description, behaviors and what may be added inside', async () => {
  assert.equal((await s.call('POST', PANEL, { title: 'Recipe' })).status, 201);
  const r = await s.call('PATCH', `${PANEL}/recipe`, {
    title: 'Kitchen Recipe',
    description: 'How to cook it',
    'plone.richtext': true,
    'plone.namefromtitle': false,
    filter_content_types: 'some',
    allowed_content_types: ['Document', 'Image'],
  });
  assert.equal(r.status, 204, r.body);
  const got = (await s.call('GET', `${PANEL}/recipe`)).json;
  assert.equal(got.title, 'Kitchen Recipe');
  assert.equal(got.data.description, 'How to cook it');
  assert.equal(got.data['plone.richtext'], true);
  assert.equal(got.data['plone.namefromtitle'], false);
  assert.deepEqual(got.data.allowed_content_types, ['Document', 'Image']);
  assert.ok((await s.call('GET', '/@types/recipe')).json.properties.text, 'the richtext field is there');

  assert.equal((await s.call('POST', '/', { '@type': 'recipe', id: 'soup', title: 'Soup' })).status, 201);
  assert.equal((await s.call('POST', '/soup', { '@type': 'Document', title: 'Step 1' })).status, 201);
  assert.equal((await s.call('POST', '/soup', { '@type': 'Folder', title: 'No' })).status, 403);

  // "all": every globally addable type.
  assert.equal((await s.call('PATCH', `${PANEL}/recipe`, { filter_content_types: 'all' })).status, 204);
  assert.equal((await s.call('GET', `${PANEL}/recipe`)).json.data.filter_content_types, false);
  assert.equal((await s.call('POST', '/soup', { '@type': 'Folder', title: 'Now yes' })).status, 201);
  // "none".
  assert.equal((await s.call('PATCH', `${PANEL}/recipe`, { filter_content_types: 'none' })).status, 204);
  assert.deepEqual((await s.call('GET', `${PANEL}/recipe`)).json.data.allowed_content_types, []);
  // Vocabulary terms are read as their tokens.
  const terms = [{ token: 'Document', title: 'Page' }];
  assert.equal((await s.call('PATCH', `${PANEL}/recipe`, { allowed_content_types: terms })).status, 204);
  assert.deepEqual((await s.call('GET', `${PANEL}/recipe`)).json.data.allowed_content_types, ['Document']);
  // global_allow: no longer addable outside containers that list it.
  assert.equal((await s.call('PATCH', `${PANEL}/recipe`, { global_allow: false })).status, 204);
  assert.equal((await s.call('POST', '/', { '@type': 'recipe', title: 'Stew' })).status, 403);
  assert.equal((await s.call('PATCH', `${PANEL}/recipe`, { global_allow: 'no' })).status, 400);
});

test('PATCH refuses bad input and writes nothing then', async () => {
  const bad = [
    { title: 'Changed', bogus: 1 },
    { title: 'Changed', 'plone.richtext': 'yes' },
    { title: 'Changed', allowed_content_types: ['NoSuchType'] },
    { title: 'Changed', filter_content_types: 'maybe' },
    { title: '' },
    { title: 'Changed', description: 'x'.repeat(10_001) },
  ];
  for (const body of bad) {
    const r = await s.call('PATCH', `${PANEL}/Document`, body);
    assert.equal(r.status, 400, JSON.stringify(body));
    assert.equal(r.json.error.type, 'BadRequest');
  }
  assert.equal((await s.call('GET', `${PANEL}/Document`)).json.title, 'Page');
  assert.equal((await s.call('PATCH', `${PANEL}/NoSuchType`, { title: 'x' })).status, 404);
  assert.equal((await s.call('GET', `${PANEL}/NoSuchType`)).status, 404);
});

test('DELETE refuses while items of the type exist, in the site or the trash', async () => {
  assert.equal((await s.call('POST', PANEL, { title: 'Gadget' })).status, 201);
  assert.equal(
    (await s.call('PATCH', `${PANEL}/Folder`, { allowed_content_types: ['Document', 'gadget'] })).status,
    204,
  );
  const item = await s.call('POST', '/', { '@type': 'gadget', id: 'g1', title: 'G1' });
  assert.equal(item.status, 201, item.body);
  const inUse = await s.call('DELETE', `${PANEL}/gadget`);
  assert.equal(inUse.status, 400);
  assert.match(inUse.json.error.message, /1 in the site/);

  assert.equal((await s.call('DELETE', '/g1')).status, 204);
  const trashed = await s.call('DELETE', `${PANEL}/gadget`);
  assert.equal(trashed.status, 400);
  assert.match(trashed.json.error.message, /1 in the trash/);

  assert.equal((await s.call('DELETE', `/@trash/${item.json.UID}`)).status, 204);
  assert.equal((await s.call('DELETE', `${PANEL}/gadget`)).status, 204);
  assert.equal((await s.call('GET', `${PANEL}/gadget`)).status, 404);
  assert.equal((await s.call('GET', '/@types/gadget')).status, 404);
  assert.equal(await entryOf('gadget'), undefined);
  // Other types no longer offer it inside them.
  assert.deepEqual((await s.call('GET', `${PANEL}/Folder`)).json.data.allowed_content_types, ['Document']);
  assert.equal((await s.call('DELETE', `${PANEL}/gadget`)).status, 404);
});

test('only site administrators use the panel', async () => {
  for (const [method, url, body] of [
    ['GET', PANEL],
    ['GET', `${PANEL}/Document`],
    ['POST', PANEL, { title: 'Sneaky' }],
    ['PATCH', `${PANEL}/Document`, { title: 'Sneaky' }],
    ['DELETE', `${PANEL}/Link`],
  ] as Array<[string, string, unknown?]>) {
    assert.equal((await s.call(method, url, body, {}, auth.member)).status, 403, `${method} ${url}`);
    assert.equal((await s.call(method, url, body, {}, null)).status, 401, `${method} ${url} anonymous`);
  }
  assert.equal((await s.call('GET', `${PANEL}/Document`, undefined, {}, auth.siteadmin)).status, 200);
  assert.equal((await s.call('GET', `${PANEL}/Document`)).json.title, 'Page');
  assert.equal((await s.call('POST', PANEL, { title: 'By Sam' }, {}, auth.siteadmin)).status, 201);
  // The panel lives on the site root only.
  assert.equal((await s.call('POST', '/', { '@type': 'Folder', id: 'f', title: 'F' })).status, 201);
  assert.equal((await s.call('GET', `/f${PANEL}`)).status, 404);
});
