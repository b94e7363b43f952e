// @contextnavigation (service and ?expand=contextnavigation) and the removed
// @components endpoint.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startSite, type TestSite } from './harness.js';
import { addUser } from './users.js';

let s: TestSite;
let editor: string;
const BASE = 'http://localhost:80';
const opts = (o: Record<string, string | number | boolean>) =>
  Object.entries(o)
    .map(([k, v]) => `expand.contextnavigation.${k}=${encodeURIComponent(String(v))}`)
    .join('&');

/** The items' urls as a nested outline: ['a', ['a/b']] … */
function outline(items: any[]): unknown[] {
  return items.flatMap((i) => {
    const id = i['@id'].slice(BASE.length);
    return i.items.length ? [id, outline(i.items)] : [id];
  });
}

before(async () => {
  s = await startSite({ distribution: 'classic' });
  editor = await addUser(s, 'nav-editor', ['Member']);
  const add = (path: string, type: string, id: string, extra: Record<string, unknown> = {}) =>
    s.call('POST', path, { '@type': type, id, title: id.toUpperCase(), ...extra });
  await add('/', 'Folder', 'f1');
  await add('/f1', 'Document', 'd11');
  await add('/f1', 'Folder', 'f12');
  await add('/f1/f12', 'Document', 'd121');
  await add('/f1/f12', 'Folder', 'f122');
  await add('/f1/f12/f122', 'Document', 'd1221');
  await add('/f1', 'Document', 'hidden', { exclude_from_nav: true });
  await add('/f1', 'Folder', 'hiddenf', { exclude_from_nav: true });
  await add('/f1/hiddenf', 'Document', 'inside');
  const png =
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
  const image = { data: png, encoding: 'base64', filename: 'a.png', 'content-type': 'image/png' };
  assert.equal((await add('/f1', 'Image', 'img', { image })).status, 201);
  await add('/f1', 'Document', 'secret');
  await add('/', 'Folder', 'f2');
  await s.call('POST', '/f1/@workflow/publish', {});
  for (const p of ['d11', 'f12', 'f12/d121', 'f12/f122', 'f12/f122/d1221', 'hiddenf', 'hiddenf/inside'])
    await s.call('POST', `/f1/${p}/@workflow/publish`, {});
  // The editor may see 'secret' (and only it among the private items) through a local role.
  await s.call('POST', '/f1/secret/@sharing', {
    entries: [{ id: 'nav-editor', type: 'user', roles: { Reader: true } }],
  });
});
after(() => s.close());

test('the conformance shape: defaults give the whole subtree below the top-level folder', async () => {
  const res = await s.call('GET', '/f1/@contextnavigation');
  assert.equal(res.status, 200);
  const body = res.json;
  assert.equal(body['@id'], `${BASE}/f1/@contextnavigation`);
  assert.equal(body.available, true);
  assert.equal(body.has_custom_name, false);
  assert.equal(body.title, 'Navigation');
  assert.equal(body.url, `${BASE}/sitemap`);
  // Admin sees the private items; excluded ones and what is inside them are left out; Images list as /view.
  assert.deepEqual(outline(body.items), [
    '/f1/d11',
    '/f1/f12',
    ['/f1/f12/d121', '/f1/f12/f122', ['/f1/f12/f122/d1221']],
    '/f1/secret',
  ]);
  const f12 = body.items[1];
  assert.deepEqual(Object.keys(f12).sort(), [
    '@id',
    'description',
    'href',
    'icon',
    'is_current',
    'is_folderish',
    'is_in_path',
    'items',
    'normalized_id',
    'review_state',
    'thumb',
    'title',
    'type',
  ]);
  assert.equal(f12.type, 'folder');
  assert.equal(f12.is_folderish, true);
  assert.equal(f12.review_state, 'published');
  assert.equal(f12.title, 'F12');
});

test('displayed types come from the navigation panel', async () => {
  const panel = '/@controlpanels/navigation';
  const before = (await s.call('GET', panel)).json.data.displayed_types;
  assert.equal((await s.call('PATCH', panel, { displayed_types: [...before, 'Image'] })).status, 204);
  try {
    const res = await s.call('GET', `/f1/@contextnavigation?${opts({ bottomLevel: 1 })}`);
    const img = res.json.items.find((i: any) => i['@id'].includes('/img'));
    assert.equal(img['@id'], `${BASE}/f1/img/view`);
    assert.equal(img.type, 'image');
    assert.equal(img.thumb, `${BASE}/f1/img/@@images/image/icon`);
    const noThumbs = await s.call(
      'GET',
      `/f1/@contextnavigation?${opts({ bottomLevel: 1, no_thumbs: true })}`,
    );
    assert.equal(noThumbs.json.items.find((i: any) => i['@id'].includes('/img')).thumb, '');
  } finally {
    await s.call('PATCH', panel, { displayed_types: before });
  }
});

test('a principal never sees what it may not View', async () => {
  const anon = await s.call('GET', '/f1/f12/@contextnavigation', undefined, {}, null);
  assert.equal(anon.status, 200);
  assert.deepEqual(outline(anon.json.items), [
    '/f1/d11',
    '/f1/f12',
    ['/f1/f12/d121', '/f1/f12/f122', ['/f1/f12/f122/d1221']],
  ]);
  const ed = await s.call('GET', '/f1/@contextnavigation', undefined, {}, editor);
  assert.ok(outline(ed.json.items).includes('/f1/secret'));
  assert.ok(!JSON.stringify(anon.json).includes('secret'));
});

test('bottomLevel limits the depth; topLevel moves the root; includeTop adds it', async () => {
  const one = await s.call('GET', `/f1/@contextnavigation?${opts({ bottomLevel: 1 })}`);
  assert.deepEqual(outline(one.json.items), ['/f1/d11', '/f1/f12', '/f1/secret']);
  const two = await s.call('GET', `/f1/@contextnavigation?${opts({ bottomLevel: 2 })}`);
  assert.deepEqual(outline(two.json.items), [
    '/f1/d11',
    '/f1/f12',
    ['/f1/f12/d121', '/f1/f12/f122'],
    '/f1/secret',
  ]);

  const site = await s.call(
    'GET',
    `/f1/@contextnavigation?${opts({ topLevel: 0, bottomLevel: 1, includeTop: true })}`,
  );
  assert.deepEqual(
    site.json.items.map((i: any) => [i['@id'], i.title, i.type]),
    [
      [BASE, 'Home', 'plone-site'],
      [`${BASE}/f1`, 'F1', 'folder'],
      [`${BASE}/f2`, 'F2', 'folder'],
    ],
  );
  assert.equal(site.json.items[1].is_current, true);

  const deep = await s.call(
    'GET',
    `/f1/f12/f122/@contextnavigation?${opts({ topLevel: 2, includeTop: true })}`,
  );
  assert.equal(deep.json.items[0]['@id'], `${BASE}/f1/f12`);
  assert.equal(deep.json.items[0].title, 'F12');
  assert.deepEqual(outline(deep.json.items.slice(1)), [
    '/f1/f12/d121',
    '/f1/f12/f122',
    ['/f1/f12/f122/d1221'],
  ]);
  const current = deep.json.items[2];
  assert.equal(current.is_current, true);
  assert.equal(deep.json.items[0].is_in_path, true);

  // Above the start level: nothing to show.
  const top = await s.call('GET', '/@contextnavigation');
  assert.equal(top.json.available, false);
  assert.deepEqual(top.json.items, []);
});

test('the way to the current object is shown even through excluded items', async () => {
  const res = await s.call('GET', `/f1/hiddenf/inside/@contextnavigation?${opts({ bottomLevel: 0 })}`);
  const hidden = res.json.items.find((i: any) => i['@id'] === `${BASE}/f1/hiddenf`);
  assert.ok(hidden, 'the excluded folder on the path is listed');
  assert.equal(hidden.is_in_path, true);
  assert.deepEqual(
    hidden.items.map((i: any) => [i['@id'], i.is_current]),
    [[`${BASE}/f1/hiddenf/inside`, true]],
  );
});

test('name, root_path, currentFolderOnly and the heading link', async () => {
  const named = await s.call('GET', `/f1/@contextnavigation?${opts({ name: 'Section' })}`);
  assert.equal(named.json.title, 'Section');
  assert.equal(named.json.has_custom_name, true);

  const rooted = await s.call(
    'GET',
    `/f1/d11/@contextnavigation?${opts({ topLevel: 0, root_path: '/f1/f12' })}`,
  );
  assert.equal(rooted.json.url, `${BASE}/f1/f12`);
  assert.deepEqual(outline(rooted.json.items), ['/f1/f12/d121', '/f1/f12/f122', ['/f1/f12/f122/d1221']]);

  const gone = await s.call(
    'GET',
    `/f1/@contextnavigation?${opts({ topLevel: 0, root_path: '/no/such', bottomLevel: 1 })}`,
  );
  assert.equal(gone.json.url, `${BASE}/sitemap`);
  assert.deepEqual(outline(gone.json.items), ['/f1', '/f2']);

  const folderOnly = await s.call(
    'GET',
    `/f1/f12/d121/@contextnavigation?${opts({ currentFolderOnly: true })}`,
  );
  assert.equal(folderOnly.json.url, `${BASE}/f1/f12`);
  assert.deepEqual(outline(folderOnly.json.items), ['/f1/f12/d121', '/f1/f12/f122', ['/f1/f12/f122/d1221']]);
});

test('?expand=contextnavigation puts the same body under @components', async () => {
  const q = opts({ bottomLevel: 1, name: 'Here' });
  const viaService = await s.call('GET', `/f1/@contextnavigation?${q}`);
  const expanded = await s.call('GET', `/f1?expand=contextnavigation&${q}`);
  assert.deepEqual(expanded.json['@components'].contextnavigation, viaService.json);
  const plain = await s.call('GET', '/f1');
  assert.deepEqual(plain.json['@components'].contextnavigation, { '@id': `${BASE}/f1/@contextnavigation` });
});

test('the removed @components endpoint answers a flat 404', async () => {
  const res = await s.call('GET', '/f1/@components/navigation');
  assert.equal(res.status, 404);
  assert.deepEqual(res.json, { message: `Resource not found: ${BASE}/f1/@components`, type: 'NotFound' });
});

test('@navigation: depth, exclude_from_nav, permissions, and one shared body for every page', async () => {
  const q = '?expand.navigation.depth=2';
  const admin = await s.call('GET', `/f1/d11/@navigation${q}`);
  assert.equal(admin.json['@id'], `${BASE}/f1/d11/@navigation`);
  const f1 = admin.json.items.find((i: any) => i['@id'] === `${BASE}/f1`);
  assert.deepEqual(
    f1.items.map((i: any) => i['@id'].slice(BASE.length)),
    ['/f1/d11', '/f1/f12', '/f1/secret'],
  );
  const other = await s.call('GET', `/f2/@navigation${q}`);
  assert.deepEqual(other.json.items, admin.json.items);
  const anon = await s.call('GET', `/f1/@navigation${q}`, undefined, {}, null);
  const anonF1 = anon.json.items.find((i: any) => i['@id'] === `${BASE}/f1`);
  assert.deepEqual(
    anonF1.items.map((i: any) => i['@id'].slice(BASE.length)),
    ['/f1/d11', '/f1/f12'],
  );
  // f2 is private: anonymous does not get it.
  assert.ok(!anon.json.items.some((i: any) => i['@id'] === `${BASE}/f2`));
  // Non-folders leave the tabs when the panel says so.
  const panel = '/@controlpanels/navigation';
  assert.equal((await s.call('PATCH', panel, { nonfolderish_tabs: false })).status, 204);
  try {
    await s.call('POST', '/', { '@type': 'Document', id: 'page', title: 'Page' });
    const tabs = await s.call('GET', '/@navigation');
    assert.ok(!tabs.json.items.some((i: any) => i['@id'] === `${BASE}/page`));
  } finally {
    await s.call('PATCH', panel, { nonfolderish_tabs: true });
  }
  const tabs = await s.call('GET', '/@navigation');
  assert.ok(tabs.json.items.some((i: any) => i['@id'] === `${BASE}/page`));
});
