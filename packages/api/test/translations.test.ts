// Multilingual content (docs/multilingual.md): language root folders,
// translation groups (@translations, @translation-locator, the component),
// the language of new content, navigation roots, permissions, bad input,
// and translations across moves, the trash and purges.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { BASIC, startSite, type TestSite } from './harness.js';
import { addUser } from './users.js';

let s: TestSite;
const auth: Record<string, string> = {};
const SITE = 'http://localhost:80';

const uidOf = async (path: string) => (await s.call('GET', path)).json.UID as string;
const page = async (parent: string, id: string, extra: Record<string, unknown> = {}) => {
  const r = await s.call('POST', parent, { '@type': 'Document', id, title: id, ...extra });
  assert.equal(r.status, 201, r.body);
  return r.json;
};
const translationsOf = async (path: string, who?: string) =>
  (await s.call('GET', `${path}/@translations`, undefined, {}, who)).json;
const link = (path: string, id: string, who?: string) =>
  s.call('POST', `${path}/@translations`, { id }, {}, who);

before(async () => {
  s = await startSite({ multilingual: 'en,de,es' });
  auth.ed = await addUser(s, 'ed', ['Member']);
  auth.rita = await addUser(s, 'rita', ['Member']);
});
after(() => s.close());

test('enabling creates published language roots with an assets folder, linked to each other', async () => {
  const root = await s.call('GET', '/');
  const lrfs = root.json.items.filter((i: any) => i['@type'] === 'LRF');
  assert.deepEqual(
    lrfs.map((i: any) => [i['@id'], i.title, i.review_state]),
    [
      [`${SITE}/en`, 'English', 'published'],
      [`${SITE}/de`, 'Deutsch', 'published'],
      [`${SITE}/es`, 'Español', 'published'],
    ],
  );
  // The site root is not translatable: no component, no service.
  assert.equal(root.json['@components'].translations, undefined);
  assert.equal((await s.call('GET', '/@translations')).status, 404);
  const en = await s.call('GET', '/en');
  assert.equal(en.json.language.token, 'en');
  assert.equal(en.json.exclude_from_nav, true);
  assert.equal(en.json.type_title, 'Language Root Folder');
  assert.deepEqual(
    en.json.items.map((i: any) => [i.id ?? i['@id'], i['@type']]),
    [[`${SITE}/en/assets`, 'LIF']],
  );
  const t = await translationsOf('/en');
  assert.deepEqual(t.items, [
    { '@id': `${SITE}/de`, language: 'de' },
    { '@id': `${SITE}/es`, language: 'es' },
  ]);
  assert.deepEqual(t.root, { de: `${SITE}/de`, en: `${SITE}/en`, es: `${SITE}/es` });
  // Anonymous visitors see the published roots.
  assert.equal((await s.call('GET', '/de', undefined, {}, null)).status, 200);
});

test('a language made available later gets its root, in the same group', async () => {
  const r = await s.call('PATCH', '/@controlpanels/language', {
    available_languages: ['en', 'de', 'es', 'fr'],
  });
  assert.equal(r.status, 204, r.body);
  const fr = await s.call('GET', '/fr');
  assert.equal(fr.status, 200);
  assert.equal(fr.json.title, 'Français');
  assert.equal((await translationsOf('/en')).root.fr, `${SITE}/fr`);
  // Unknown languages are refused by the control panel.
  const bad = await s.call('PATCH', '/@controlpanels/language', { available_languages: ['en', 'xx'] });
  assert.equal(bad.status, 400);
});

test('new content takes its language root folder’s language; the Language index finds it', async () => {
  const created = await page('/de', 'seite');
  assert.equal(created.language.token, 'de');
  const nested = await s.call('POST', '/de', { '@type': 'Folder', id: 'ordner', title: 'Ordner' });
  assert.equal(nested.status, 201);
  assert.equal((await page('/de/ordner', 'tief')).language.token, 'de');
  // A language the body names wins.
  assert.equal((await page('/de', 'english-one', { language: 'en' })).language.token, 'en');
  const found = await s.call('GET', '/@search?Language=de&portal_type=Document');
  assert.deepEqual(found.json.items.map((i: any) => i['@id']).sort(), [
    `${SITE}/de/ordner/tief`,
    `${SITE}/de/seite`,
  ]);
});

test('@navroot and breadcrumbs below a language root answer with the language root', async () => {
  await page('/en', 'nav-doc');
  const nav = await s.call('GET', '/en/nav-doc/@navroot');
  assert.equal(nav.json.navroot['@id'], `${SITE}/en`);
  assert.equal(nav.json.navroot['@type'], 'LRF');
  assert.equal((await s.call('GET', '/en/@navroot')).json.navroot['@id'], `${SITE}/en`);
  assert.equal((await s.call('GET', '/@navroot')).json.navroot['@id'], SITE);
  const crumbs = await s.call('GET', '/en/nav-doc/@breadcrumbs');
  assert.equal(crumbs.json.root, `${SITE}/en`);
  assert.deepEqual(
    crumbs.json.items.map((i: any) => i['@id']),
    [`${SITE}/en/nav-doc`],
  );
  // The tabs are the language root's children; at the site root, only Home (roots are excluded from navigation).
  await s.call('POST', '/en', { '@type': 'Folder', id: 'section', title: 'Section' });
  const tabs = async (path: string) =>
    (await s.call('GET', `${path}/@navigation`)).json.items.map((i: any) => i['@id']);
  // (Pages are folderish in the volto distribution: they are tabs too.)
  const en = [`${SITE}/en`, `${SITE}/en/nav-doc`, `${SITE}/en/section`];
  const de = [`${SITE}/de`, `${SITE}/de/seite`, `${SITE}/de/ordner`, `${SITE}/de/english-one`];
  assert.deepEqual(await tabs('/en/nav-doc'), en);
  assert.deepEqual(await tabs('/de'), de);
  assert.deepEqual(await tabs(''), [SITE]);
  // The same again from the shared components cache: per language root.
  assert.deepEqual(await tabs('/en/section'), en);
  assert.deepEqual(await tabs('/de/seite'), de);
});

test('link by path, UID and URL; list; expand; unlink', async () => {
  await page('/en', 'doc');
  await page('/de', 'doc');
  await page('/es', 'doc');
  const r = await link('/en/doc', '/de/doc');
  assert.equal(r.status, 201, r.body);
  assert.equal(r.headers.location, `${SITE}/en/doc`);
  assert.deepEqual(r.json, {});
  assert.equal((await link('/en/doc', await uidOf('/es/doc'))).status, 201);
  // Both sides see the group.
  assert.deepEqual((await translationsOf('/de/doc')).items, [
    { '@id': `${SITE}/en/doc`, language: 'en' },
    { '@id': `${SITE}/es/doc`, language: 'es' },
  ]);
  const expanded = await s.call('GET', '/es/doc?expand=translations');
  assert.deepEqual(
    expanded.json['@components'].translations.items.map((i: any) => i.language),
    ['de', 'en'],
  );
  // Unexpanded: the link only.
  assert.deepEqual((await s.call('GET', '/es/doc')).json['@components'].translations, {
    '@id': `${SITE}/es/doc/@translations`,
  });
  assert.equal((await s.call('DELETE', '/en/doc/@translations', { language: 'es' })).status, 204);
  assert.deepEqual((await translationsOf('/es/doc')).items, []);
  assert.deepEqual(
    (await translationsOf('/en/doc')).items.map((i: any) => i.language),
    ['de'],
  );
  // By URL, after the unlink: an object in no group joins the target's.
  assert.equal((await link('/es/doc', `${SITE}/en/doc`)).status, 201);
  assert.equal((await translationsOf('/es/doc')).items.length, 2);
  assert.equal((await translationsOf('/de/doc')).items.length, 2);
});

test('translation_of on POST links the new object; the locator says where to create one', async () => {
  await page('/en', 'source');
  const created = await s.call('POST', '/de', {
    '@type': 'Document',
    id: 'quelle',
    title: 'Quelle',
    language: 'de',
    translation_of: await uidOf('/en/source'),
  });
  assert.equal(created.status, 201, created.body);
  assert.equal(created.json['@components'].translations['@id'], `${SITE}/de/quelle/@translations`);
  assert.deepEqual((await translationsOf('/en/source')).items, [
    { '@id': `${SITE}/de/quelle`, language: 'de' },
  ]);

  const loc = await s.call('GET', '/en/source/@translation-locator?target_language=es');
  assert.deepEqual(loc.json, { '@id': `${SITE}/es` });
  // Inside a translated folder: the folder's translation.
  await s.call('POST', '/en', { '@type': 'Folder', id: 'news', title: 'News' });
  await s.call('POST', '/es', { '@type': 'Folder', id: 'noticias', title: 'Noticias' });
  await link('/en/news', '/es/noticias');
  await page('/en/news', 'item');
  const inner = await s.call('GET', '/en/news/item/@translation-locator?target_language=es');
  assert.deepEqual(inner.json, { '@id': `${SITE}/es/noticias` });
  assert.equal((await s.call('GET', '/en/news/item/@translation-locator?target_language=xx')).status, 400);
  assert.equal((await s.call('GET', '/en/news/item/@translation-locator')).status, 400);
});

test('bad input: itself, the same language, taken languages, unknown targets, missing fields', async () => {
  await page('/en', 'bad-en');
  await page('/en', 'bad-en-2');
  await page('/de', 'bad-de');
  await page('/de', 'bad-de-2');
  const expect400 = async (p: Promise<any>, pattern: RegExp) => {
    const r = await p;
    assert.equal(r.status, 400, r.body);
    assert.equal(r.json.error.type, 'BadRequest');
    assert.match(r.json.error.message, pattern);
  };
  await expect400(link('/en/bad-en', '/en/bad-en'), /itself/);
  await expect400(link('/en/bad-en', '/en/bad-en-2'), /both in language en/);
  await expect400(link('/en/bad-en', '/nowhere'), /does not exist/);
  await expect400(link('/en/bad-en', 'not-a-uid-at-all'), /does not exist/);
  await expect400(link('/en/bad-en', '/de'), /Language Root Folders/);
  await expect400(s.call('POST', '/en/bad-en/@translations', {}), /Missing content id/);
  await expect400(s.call('POST', '/en/bad-en/@translations', [1]), /JSON object/);
  assert.equal((await link('/en/bad-en', '/de/bad-de')).status, 201);
  await expect400(link('/en/bad-en', '/de/bad-de-2'), /Source already translated into language de/);
  await expect400(link('/en/bad-en-2', '/de/bad-de'), /Target already translated into language en/);
  await expect400(s.call('DELETE', '/en/bad-en/@translations', { language: 'es' }), /not translated into es/);
  await expect400(s.call('DELETE', '/en/bad-en/@translations', {}), /provide the language/);
  await expect400(
    s.call('DELETE', '/en/bad-en/@translations', { language: 'x'.repeat(5000) }),
    /Unknown language/,
  );
  await expect400(s.call('DELETE', '/en/@translations', { language: 'de' }), /cannot be unlinked/);
  // Nothing half-written: a refused translation_of leaves no new object behind.
  const refused = await s.call('POST', '/de', {
    '@type': 'Document',
    id: 'zweite',
    title: 'Zweite',
    translation_of: await uidOf('/en/bad-en'),
  });
  assert.equal(refused.status, 400, refused.body);
  assert.equal((await s.call('GET', '/de/zweite')).status, 404);
});

test('permissions: linking needs Modify on both; listings show only what the reader may view', async () => {
  await page('/en', 'perm');
  await page('/de', 'perm');
  await s.call('POST', '/en/perm/@sharing', {
    entries: [{ id: 'ed', type: 'user', roles: { Editor: true } }],
  });
  // ed may edit /en/perm but not /de/perm.
  const refused = await link('/en/perm', '/de/perm', auth.ed);
  assert.equal(refused.status, 403, refused.body);
  assert.equal((await link('/en/perm', '/de/perm', auth.rita)).status, 403);
  assert.equal((await s.call('POST', '/en/perm/@translations', { id: '/de/perm' }, {}, null)).status, 401);
  await s.call('POST', '/de/perm/@sharing', {
    entries: [{ id: 'ed', type: 'user', roles: { Editor: true } }],
  });
  assert.equal((await link('/en/perm', '/de/perm', auth.ed)).status, 201);
  // rita may view a published /en/perm but not the private /de/perm.
  await s.call('POST', '/en/perm/@workflow/publish');
  const seen = await translationsOf('/en/perm', auth.rita);
  assert.deepEqual(seen.items, []);
  assert.equal((await s.call('GET', '/de/perm/@translations', undefined, {}, auth.rita)).status, 403);
  await s.call('POST', '/de/perm/@workflow/publish');
  assert.deepEqual(
    (await translationsOf('/en/perm', auth.rita)).items.map((i: any) => i.language),
    ['de'],
  );
  assert.equal(
    (await s.call('GET', '/en/perm/@translation-locator?target_language=de', undefined, {}, auth.rita))
      .status,
    403,
  );
});

test('groups survive moves; trashed members drop out and come back on restore; purged ones leave', async () => {
  await page('/en', 'moving');
  await page('/de', 'moving');
  await s.call('POST', '/de', { '@type': 'Folder', id: 'archiv', title: 'Archiv' });
  assert.equal((await link('/en/moving', '/de/moving')).status, 201);
  const moved = await s.call('POST', '/de/archiv/@move', { source: '/de/moving' });
  assert.equal(moved.status, 200, moved.body);
  assert.deepEqual((await translationsOf('/en/moving')).items, [
    { '@id': `${SITE}/de/archiv/moving`, language: 'de' },
  ]);

  const uid = await uidOf('/de/archiv/moving');
  assert.equal((await s.call('DELETE', '/de/archiv/moving')).status, 204);
  assert.deepEqual((await translationsOf('/en/moving')).items, []);
  assert.equal((await s.call('POST', `/@trash/${uid}/restore`)).status, 200);
  assert.equal((await translationsOf('/en/moving')).items.length, 1);

  assert.equal((await s.call('DELETE', '/de/archiv/moving')).status, 204);
  assert.equal((await s.call('DELETE', `/@trash/${uid}`)).status, 204);
  assert.equal(await s.storage.read((tx) => tx.translationGroup(uid)), undefined);
  // A new German translation may take the slot.
  await page('/de', 'moving-2');
  assert.equal((await link('/en/moving', '/de/moving-2')).status, 201);

  // A trashed member whose language is taken by a new link leaves the group: restoring it cannot give two.
  await page('/es', 'moving');
  assert.equal((await link('/en/moving', '/es/moving')).status, 201);
  const esUid = await uidOf('/es/moving');
  assert.equal((await s.call('DELETE', '/es/moving')).status, 204);
  await page('/es', 'moving-2');
  assert.equal((await link('/en/moving', '/es/moving-2')).status, 201);
  assert.equal((await s.call('POST', `/@trash/${esUid}/restore`)).status, 200);
  assert.deepEqual(
    (await translationsOf('/en/moving')).items.map((i: any) => i['@id']),
    [`${SITE}/de/moving-2`, `${SITE}/es/moving-2`],
  );
  assert.deepEqual((await translationsOf('/es/moving')).items, []);
});

test('a site without the setting has no language roots, no @translations and ignores translation_of', async () => {
  const plain = await startSite();
  try {
    const root = await plain.call('GET', '/');
    assert.ok(!root.json.items.some((i: any) => i['@type'] === 'LRF'));
    const created = await plain.call('POST', '/', {
      '@type': 'Document',
      id: 'doc',
      title: 'Doc',
      translation_of: root.json.UID,
    });
    assert.equal(created.status, 201, created.body);
    assert.equal(created.json['@components'].translations, undefined);
    assert.equal((await plain.call('GET', '/doc/@translations')).status, 404);
    assert.equal(
      (await plain.call('GET', '/doc?expand=translations')).json['@components'].translations,
      undefined,
    );
    assert.ok(
      !(await plain.call('GET', '/@types')).json.some((t: any) => t.title === 'Language Root Folder'),
    );
  } finally {
    await plain.close();
  }
});

test('another process sees links and unlinks at once (cached translations drop)', async () => {
  await page('/en', 'shared');
  await page('/de', 'shared');
  const peer = await s.peer();
  try {
    const get = async () =>
      JSON.parse(
        (
          await peer.app.inject({
            method: 'GET',
            url: '/en/shared?expand=translations',
            headers: { accept: 'application/json', authorization: BASIC },
          })
        ).body,
      )['@components'].translations.items;
    assert.deepEqual(await get(), []);
    assert.deepEqual(await get(), []);
    assert.equal((await link('/de/shared', '/en/shared')).status, 201);
    assert.deepEqual(await get(), [{ '@id': `${SITE}/de/shared`, language: 'de' }]);
    assert.equal((await s.call('DELETE', '/de/shared/@translations', { language: 'en' })).status, 204);
    assert.deepEqual(await get(), []);
  } finally {
    await peer.close();
  }
});
