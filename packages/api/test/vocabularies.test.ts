// @vocabularies through the real app: listing, terms, filters, sorting,
// batching, bad input, unknown names, and each vocabulary's own permission
// (anonymous 401, member 403, editor/manager 200), on the root and bound to
// content objects.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startSite, type TestSite } from './harness.js';
import { addUser } from './users.js';

let s: TestSite;
let member: string;
let editor: string;
let localEditor: string;

const V = '/@vocabularies/plone.app.vocabularies';
const tokens = (res: { json: any }) => res.json.items.map((t: any) => t.token);

before(async () => {
  s = await startSite();
  member = await addUser(s, 'mia', ['Member']);
  editor = await addUser(s, 'eddie', ['Member', 'Editor']);
  localEditor = await addUser(s, 'lea', ['Member']);
  assert.equal((await s.call('POST', '/', { '@type': 'Folder', id: 'f', title: 'F' })).status, 201);
  assert.equal((await s.call('POST', '/f', { '@type': 'Document', id: 'd', title: 'D' })).status, 201);
  assert.equal((await s.call('POST', '/f/@workflow/publish', {})).status, 200);
  const entries = [{ id: 'lea', type: 'user', roles: { Editor: true } }];
  assert.equal((await s.call('POST', '/f/@sharing', { entries })).status, 204);
});
after(() => s.close());

function assertError(res: { status: number; json: any }, status: number, type: string) {
  assert.equal(res.status, status, JSON.stringify(res.json));
  assert.equal(res.json.error.type, type);
  assert.equal(typeof res.json.error.message, 'string');
}

test('GET @vocabularies lists every vocabulary, on the root and on content', async () => {
  const root = await s.call('GET', '/@vocabularies', undefined, {}, null);
  assert.equal(root.status, 200);
  const names = root.json.map((v: any) => v.title);
  for (const name of [
    'plone.app.vocabularies.PortalTypes',
    'plone.app.vocabularies.ReallyUserFriendlyTypes',
    'plone.app.vocabularies.UserFriendlyTypes',
    'plone.app.vocabularies.WorkflowStates',
    'plone.app.vocabularies.WorkflowTransitions',
    'plone.app.vocabularies.Roles',
    'plone.app.vocabularies.Users',
    'plone.app.vocabularies.Groups',
    'plone.app.vocabularies.Principals',
    'plone.app.vocabularies.Keywords',
    'plone.app.vocabularies.SupportedContentLanguages',
    'plone.app.vocabularies.AvailableContentLanguages',
    'plone.app.vocabularies.Weekdays',
    'plone.app.vocabularies.Month',
    'Fields',
  ])
    assert.ok(names.includes(name), name);
  assert.deepEqual(root.json[0], { '@id': `http://localhost:80/@vocabularies/${names[0]}`, title: names[0] });
  const onFolder = await s.call('GET', '/f/@vocabularies', undefined, {}, null);
  assert.equal(onFolder.json[0]['@id'], `http://localhost:80/f/@vocabularies/${names[0]}`);
});

test('a vocabulary: terms in order, items_total, context-bound @id', async () => {
  const res = await s.call('GET', `${V}.ReallyUserFriendlyTypes`, undefined, {}, null);
  assert.equal(res.status, 200);
  assert.deepEqual(res.json, {
    '@id': 'http://localhost:80/@vocabularies/plone.app.vocabularies.ReallyUserFriendlyTypes',
    items: [
      { title: 'Collection', token: 'Collection' },
      { title: 'Event', token: 'Event' },
      { title: 'File', token: 'File' },
      { title: 'Folder', token: 'Folder' },
      { title: 'Image', token: 'Image' },
      { title: 'Link', token: 'Link' },
      { title: 'News Item', token: 'News Item' },
      { title: 'Page', token: 'Document' },
    ],
    items_total: 8,
  });
  const portal = await s.call('GET', `/f/d${V}.PortalTypes`);
  assert.ok(tokens(portal).includes('Plone Site'));
  assert.equal(
    portal.json['@id'],
    'http://localhost:80/f/d/@vocabularies/plone.app.vocabularies.PortalTypes',
  );
  const states = await s.call('GET', `${V}.WorkflowStates?token=published`);
  assert.deepEqual(states.json.items, [{ title: 'Published [published]', token: 'published' }]);
});

test('filters: title (substring), token and tokens (exact, any case)', async () => {
  const byTitle = await s.call('GET', `${V}.ReallyUserFriendlyTypes?title=ITEM`);
  assert.deepEqual(tokens(byTitle), ['News Item']);
  assert.equal(byTitle.json['@id'], `http://localhost:80${V}.ReallyUserFriendlyTypes?title=ITEM`);
  assert.deepEqual(tokens(await s.call('GET', `${V}.ReallyUserFriendlyTypes?token=document`)), ['Document']);
  assert.deepEqual(tokens(await s.call('GET', `${V}.ReallyUserFriendlyTypes?token=Docu`)), []);
  const list = await s.call('GET', `${V}.ReallyUserFriendlyTypes?tokens=Image&tokens=folder&tokens=nope`);
  assert.deepEqual(tokens(list), ['Folder', 'Image']);
  assert.equal(list.json.items_total, 2);
});

test('sort_on=title sorts before batching; the @id leaves paging and sorting out', async () => {
  const sorted = await s.call('GET', `${V}.WorkflowTransitions?sort_on=title&b_size=3`);
  const titles = sorted.json.items.map((t: any) => t.title);
  assert.deepEqual(
    titles,
    [...titles].sort((a: string, b: string) => a.localeCompare(b)),
  );
  assert.equal(sorted.json['@id'], `http://localhost:80${V}.WorkflowTransitions`);
});

test('batching: b_start/b_size with links, b_size=-1 for everything', async () => {
  const url = `${V}.Weekdays`;
  const page = await s.call('GET', `${url}?b_start=2&b_size=2`);
  assert.deepEqual(tokens(page), ['2', '3']);
  assert.equal(page.json.items_total, 7);
  assert.deepEqual(page.json.batching, {
    '@id': `http://localhost:80${url}?b_start=2&b_size=2`,
    first: `http://localhost:80${url}?b_start=0&b_size=2`,
    last: `http://localhost:80${url}?b_start=6&b_size=2`,
    next: `http://localhost:80${url}?b_start=4&b_size=2`,
    prev: `http://localhost:80${url}?b_start=0&b_size=2`,
  });
  const whole = await s.call('GET', `${url}?b_size=-1`);
  assert.equal(whole.json.items.length, 7);
  assert.equal('items_total' in whole.json, false);
  assert.equal('batching' in whole.json, false);
  assert.equal((await s.call('GET', url)).json.batching, undefined);
});

test('bad parameters are 400s, unknown vocabularies 404s', async () => {
  const url = `${V}.ReallyUserFriendlyTypes`;
  for (const q of [
    'title=a&token=b',
    'title=a&tokens=b',
    'title=a&title=b',
    'sort_on=token',
    'b_start=-1',
    'b_size=0',
    'b_size=x',
    'b_size=100000',
  ])
    assertError(await s.call('GET', `${url}?${q}`), 400, 'BadRequest');
  assertError(await s.call('GET', '/@vocabularies/no.such.Vocabulary'), 404, 'NotFound');
  assertError(await s.call('GET', '/f/d/@vocabularies/no.such.Vocabulary'), 404, 'NotFound');
  assertError(await s.call('GET', `${url}/extra`), 404, 'NotFound');
  const post = await s.call('POST', '/@vocabularies', {});
  assert.equal(post.status, 405);
});

test('users: anonymous 401, member 403, editor and manager search', async () => {
  const url = `${V}.Users`;
  assertError(await s.call('GET', url, undefined, {}, null), 401, 'Unauthorized');
  assertError(await s.call('GET', url, undefined, {}, member), 403, 'Forbidden');
  const all = await s.call('GET', url, undefined, {}, editor);
  assert.equal(all.status, 200);
  assert.deepEqual(tokens(all), ['admin', 'eddie', 'lea', 'mia']);
  assert.deepEqual(tokens(await s.call('GET', `${url}?title=MI`)), ['admin', 'mia']);
  assert.deepEqual((await s.call('GET', `${url}?tokens=mia&tokens=ghost`)).json.items, [
    { title: 'mia', token: 'mia' },
  ]);
  assertError(await s.call('GET', `${V}.Groups`, undefined, {}, member), 403, 'Forbidden');
  assertError(await s.call('GET', `${V}.Principals`, undefined, {}, null), 401, 'Unauthorized');
});

test('permissions are checked on the context: a local Editor may list users there only', async () => {
  assertError(await s.call('GET', `${V}.Users`, undefined, {}, localEditor), 403, 'Forbidden');
  const here = await s.call('GET', `/f${V}.Users?title=lea`, undefined, {}, localEditor);
  assert.equal(here.status, 200, JSON.stringify(here.json));
  assert.deepEqual(tokens(here), ['lea']);
  // The private document's vocabularies are closed to anonymous altogether.
  assert.equal((await s.call('GET', `/f/d${V}.Roles`, undefined, {}, null)).status, 401);
  assert.equal((await s.call('GET', `/f${V}.Roles`, undefined, {}, null)).status, 200);
});

test('groups and principals', async () => {
  const groups = await s.call('GET', `${V}.Groups?title=admin`);
  assert.deepEqual(tokens(groups), ['Administrators', 'Site Administrators']);
  const principals = await s.call('GET', `${V}.Principals?title=adm`);
  assert.deepEqual(tokens(principals), ['user:admin', 'group:Administrators', 'group:Site Administrators']);
  const picked = await s.call('GET', `${V}.Principals?tokens=user:mia&tokens=group:Reviewers`);
  assert.deepEqual(tokens(picked), ['user:mia', 'group:Reviewers']);
});

test('keywords: editors only; empty until a catalog provides them', async () => {
  assertError(await s.call('GET', `${V}.Keywords`, undefined, {}, null), 401, 'Unauthorized');
  assertError(await s.call('GET', `${V}.Keywords`, undefined, {}, member), 403, 'Forbidden');
  const res = await s.call('GET', `${V}.Keywords`, undefined, {}, editor);
  assert.deepEqual(res.json, {
    '@id': `http://localhost:80${V}.Keywords`,
    items: [],
    items_total: 0,
  });
});

test('context-bound and settings-bound vocabularies', async () => {
  const inFolder = await s.call('GET', `/f${V}.AllowedContentTypes`);
  assert.ok(tokens(inFolder).includes('Document'));
  assert.ok(!tokens(inFolder).includes('Plone Site'));
  assert.ok(
    tokens(await s.call('GET', `/f/d${V}.AllowedContentTypes`)).includes('Image'),
    'pages are folderish',
  );
  assert.equal(
    (await s.call('POST', '/f', { '@type': 'Link', id: 'l', title: 'L', remoteUrl: 'https://example.org' }))
      .status,
    201,
  );
  assert.deepEqual(tokens(await s.call('GET', `/f/l${V}.AllowedContentTypes`)), []);
  assert.deepEqual(tokens(await s.call('GET', `/f${V}.AllowedContentTypes`, undefined, {}, null)), []);
  assert.deepEqual((await s.call('GET', `${V}.SupportedContentLanguages`)).json.items, [
    { title: 'English', token: 'en' },
  ]);
  const patched = await s.call('PATCH', '/@controlpanels/language', { available_languages: ['en', 'de'] });
  assert.equal(patched.status, 204, JSON.stringify(patched.json));
  assert.deepEqual(tokens(await s.call('GET', `${V}.SupportedContentLanguages`)), ['en', 'de']);
  const roles = tokens(await s.call('GET', `${V}.Roles`));
  assert.ok(roles.includes('Editor') && !roles.includes('Owner') && !roles.includes('Anonymous'));
});
