// @search, @querystring-search and Collections over the catalog: the index
// follows every write, results respect View, paging works on large result
// sets, and bad queries get a clear 400.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createDirect } from './direct.js';
import { startSite, type TestSite } from './harness.js';
import { addUser } from './users.js';

let s: TestSite;
let member: string;
let editor: string;

before(async () => {
  s = await startSite({ distribution: 'classic' });
  member = await addUser(s, 'member', ['Member']);
  editor = await addUser(s, 'editor', ['Member']);
  await s.call('POST', '/', { '@type': 'Folder', id: 'news', title: 'News' });
  await s.call('POST', '/news', {
    '@type': 'Document',
    id: 'launch',
    title: 'Rocket launch',
    subjects: ['space', 'rockets'],
    text: { data: '<p>The <b>engines</b> ignited</p>', 'content-type': 'text/html' },
  });
  await s.call('POST', '/news', {
    '@type': 'Document',
    id: 'garden',
    title: 'Garden party',
    description: 'Flowers everywhere',
    subjects: ['garden'],
  });
  await s.call('POST', '/news/@workflow/publish', { include_children: true });
  await s.call('POST', '/', { '@type': 'Document', id: 'internal', title: 'Internal rocket memo' });
});
after(() => s.close());

const paths = (res: { json: any }) =>
  (res.json.items as Array<{ '@id': string }>).map((i) => new URL(i['@id']).pathname);
const search = (qs: string, auth?: string | null) => s.call('GET', `/@search?${qs}`, undefined, {}, auth);

describe('results follow every write', () => {
  test('create, edit, transition, sharing and delete are visible at once', async () => {
    assert.deepEqual(paths(await search('SearchableText=engines')), ['/news/launch'], 'rich text indexed');
    assert.deepEqual(paths(await search('SearchableText=rocket&sort_on=path')), [
      '/internal',
      '/news/launch',
    ]);
    // Edit: the old words go, the new ones come.
    await s.call('PATCH', '/news/garden', { title: 'Orchard picnic' });
    assert.deepEqual(paths(await search('SearchableText=garden*&Title=garden')), []);
    assert.deepEqual(paths(await search('Title=orchard')), ['/news/garden']);
    // Transition: review_state index and anonymous visibility.
    assert.deepEqual(paths(await search('review_state=private&portal_type=Document')), ['/internal']);
    assert.deepEqual(paths(await search('SearchableText=rocket', null)), ['/news/launch']);
    await s.call('POST', '/internal/@workflow/publish', {});
    assert.deepEqual(paths(await search('SearchableText=rocket&sort_on=path', null)), [
      '/internal',
      '/news/launch',
    ]);
    await s.call('POST', '/internal/@workflow/retract', {});
    assert.deepEqual(paths(await search('SearchableText=rocket', null)), ['/news/launch']);
    // Sharing: a local Reader role makes a private item findable for that user only.
    assert.deepEqual(paths(await search('SearchableText=memo', editor)), []);
    await s.call('POST', '/internal/@sharing', {
      entries: [{ id: 'editor', type: 'user', roles: { Reader: true } }],
    });
    assert.deepEqual(paths(await search('SearchableText=memo', editor)), ['/internal']);
    assert.deepEqual(paths(await search('SearchableText=memo', member)), []);
    // Delete: gone from every index.
    await s.call('POST', '/', {
      '@type': 'Document',
      id: 'temp',
      title: 'Ephemeral note',
      subjects: ['temp'],
    });
    assert.deepEqual(paths(await search('Subject=temp')), ['/temp']);
    assert.equal((await s.call('DELETE', '/temp')).status, 204);
    assert.deepEqual(paths(await search('Subject=temp')), []);
    assert.deepEqual(paths(await search('SearchableText=ephemeral')), []);
  });

  test('reordering a folder changes getObjPositionInParent', async () => {
    const order = async () =>
      paths(await search('path.query=/news&path.depth=1&sort_on=getObjPositionInParent'));
    assert.deepEqual(await order(), ['/news/launch', '/news/garden']);
    assert.equal(
      (await s.call('PATCH', '/news', { ordering: { obj_id: 'garden', delta: 'top' } })).status,
      204,
    );
    assert.deepEqual(await order(), ['/news/garden', '/news/launch']);
  });
});

describe('security', () => {
  test('a user never sees a result it may not View, counts included', async () => {
    const anon = await search('portal_type=Document', null);
    const admin = await search('portal_type=Document');
    assert.ok(admin.json.items_total > anon.json.items_total);
    assert.equal(anon.json.items_total, anon.json.items.length);
    for (const p of paths(anon)) assert.notEqual(p, '/internal');
    const ids = paths(await search('SearchableText=memo', null));
    assert.deepEqual(ids, []);
    // Content outside its publication window is hidden from those without
    // "Access inactive portal content".
    const launch = await s.call('GET', '/news/launch');
    const patched = await s.call('PATCH', '/news/launch', { effective: '2099-01-01T00:00:00+00:00' });
    assert.equal(patched.status, 204, JSON.stringify(patched.json));
    assert.deepEqual(paths(await search('SearchableText=engines', null)), []);
    // Volto's folder contents asks show_inactive=true: accepted, and it shows
    // nothing more than the permission allows.
    assert.deepEqual(paths(await search('SearchableText=engines&show_inactive=true', null)), []);
    assert.deepEqual(paths(await search('SearchableText=engines')), ['/news/launch']);
    assert.deepEqual(paths(await search('SearchableText=engines&show_inactive=true')), ['/news/launch']);
    await s.call('PATCH', '/news/launch', { effective: launch.json.effective });
    assert.deepEqual(paths(await search('SearchableText=engines', null)), ['/news/launch']);
  });

  test('searching a context the principal may not View is refused', async () => {
    assert.equal((await search('x', null)).status, 400);
    assert.equal((await s.call('GET', '/internal/@search', undefined, {}, null)).status, 401);
  });
});

describe('bad queries get a 400 in the error shape', () => {
  const cases: Array<[string, RegExp]> = [
    ['nosuchindex=1', /Unknown index "nosuchindex"/],
    ['sort_on=nosuchindex', /Unknown sort index/],
    ['sort_on=SearchableText', /cannot be sorted/],
    ['is_folderish=maybe', /not a boolean/],
    ['created.query=yesterday&created.range=min', /not a date/],
    ['created.query=2020-01-01&created.range=min:max', /range must be/],
    ['created.query=2020-01-01&created.range=sideways', /range must be/],
    ['path.depth=deep', /path.depth must be/],
    ['b_size=100000', /b_size must be at most/],
    ['b_start=-1', /b_start/],
    ['Subject.operator=xor&Subject.query=a', /operator must be/],
    ['SearchableText=(unclosed', /unmatched/],
    ['SearchableText=NOT+alone', /not negated/],
    ['portal_type.frobnicate=1', /Unknown query option/],
  ];
  for (const [qs, message] of cases)
    test(qs, async () => {
      const res = await search(qs);
      assert.equal(res.status, 400, JSON.stringify(res.json));
      assert.equal(res.json.error.type, 'BadRequest');
      assert.match(res.json.error.message, message);
    });
});

describe('large result sets', () => {
  before(async () => {
    await s.call('POST', '/', { '@type': 'Folder', id: 'bulk', title: 'Bulk' });
    // 10,000 documents in one transaction, through the same operation the API uses.
    await s.storage.write({ principal: 'test' }, async (tx) => {
      const parent = (await tx.byPath('/bulk'))!;
      for (let i = 0; i < 10_000; i++)
        await createDirect(s, tx, parent, {
          '@type': 'Document',
          id: `d${i}`,
          title: `Bulk item ${i}`,
          subjects: [i % 2 ? 'odd' : 'even'],
        });
    });
  });

  test('10,000 matches page correctly, in order, without gaps', async () => {
    const seen = new Set<string>();
    let prev = '';
    let next: string | undefined = '/bulk/@search?portal_type=Document&sort_on=sortable_title&b_size=1000';
    let pages = 0;
    while (next) {
      const res = await s.call('GET', next);
      assert.equal(res.status, 200);
      assert.equal(res.json.items_total, 10_000);
      for (const item of res.json.items) {
        assert.ok(item.title.toLowerCase() >= prev || /\d/.test(item.title), 'sorted');
        prev = item.title.toLowerCase();
        seen.add(item['@id']);
      }
      next =
        res.json.batching?.next &&
        new URL(res.json.batching.next).pathname + new URL(res.json.batching.next).search;
      pages++;
    }
    assert.equal(pages, 10);
    assert.equal(seen.size, 10_000);
    const last = await search(
      'path.query=/bulk&portal_type=Document&sort_on=sortable_title&sort_order=descending&b_size=1',
    );
    assert.equal(last.json.items[0].title, 'Bulk item 9999');
  });

  test('@querystring-search has no silent 1,000 cap; limit caps explicitly; GET takes ?query=', async () => {
    const query = [
      { i: 'path', o: 'plone.app.querystring.operation.string.absolutePath', v: '/bulk::1' },
      { i: 'Subject', o: 'plone.app.querystring.operation.selection.any', v: ['odd'] },
    ];
    const posted = await s.call('POST', '/@querystring-search', { query, b_size: 10 });
    assert.equal(posted.status, 200, JSON.stringify(posted.json));
    assert.equal(posted.json.items_total, 5000);
    const limited = await s.call('POST', '/@querystring-search', { query, limit: 1200, b_size: 5 });
    assert.equal(limited.json.items_total, 1200);
    const got = await s.call(
      'GET',
      `/@querystring-search?query=${encodeURIComponent(JSON.stringify({ query, b_size: 3, sort_on: 'sortable_title' }))}`,
    );
    assert.equal(got.status, 200);
    assert.equal(got.json.items_total, 5000);
    assert.equal(got.json.items.length, 3);
    assert.equal(got.json.items[0].title, 'Bulk item 1');
  });
});

describe('@querystring-search and Collections', () => {
  test('operations: selection, dates, booleans, relative paths; bad rows are 400', async () => {
    const run = (query: unknown, extra: Record<string, unknown> = {}) =>
      s.call('POST', '/news/@querystring-search', { query, sort_on: 'path', ...extra });
    const rel = await run([
      { i: 'path', o: 'plone.app.querystring.operation.string.relativePath', v: '.::1' },
    ]);
    assert.deepEqual(paths(rel), ['/news/garden', '/news/launch']);
    const recent = await run([
      { i: 'created', o: 'plone.app.querystring.operation.date.largerThanRelativeDate', v: '2' },
      { i: 'Subject', o: 'plone.app.querystring.operation.selection.all', v: ['space', 'rockets'] },
    ]);
    assert.deepEqual(paths(recent), ['/news/launch']);
    const folders = await run([{ i: 'is_folderish', o: 'plone.app.querystring.operation.boolean.isTrue' }]);
    assert.ok(paths(folders).includes('/news') && paths(folders).includes('/bulk'));
    for (const bad of [
      [{ i: 'nosuch', o: 'plone.app.querystring.operation.string.is', v: 'x' }],
      [{ i: 'portal_type', o: 'plone.app.querystring.operation.nonsense', v: 'x' }],
      [{ i: 'created', o: 'plone.app.querystring.operation.date.between', v: ['2020-01-01'] }],
      'not a list',
    ]) {
      const res = await run(bad);
      assert.equal(res.status, 400, JSON.stringify(bad));
      assert.equal(res.json.error.type, 'BadRequest');
    }
  });

  test('a Collection lists its query results with batching, for what the principal may see', async () => {
    await s.call('POST', '/', {
      '@type': 'Collection',
      id: 'docs',
      title: 'All documents',
      query: [{ i: 'portal_type', o: 'plone.app.querystring.operation.selection.any', v: ['Document'] }],
      sort_on: 'sortable_title',
    });
    await s.call('POST', '/docs/@workflow/publish', {});
    const admin = await s.call('GET', '/docs?b_size=5');
    assert.equal(admin.json.items.length, 5);
    assert.ok(admin.json.items_total > 10_000);
    assert.ok(admin.json.batching.next);
    const anon = await s.call('GET', '/docs', undefined, {}, null);
    assert.equal(anon.status, 200);
    assert.deepEqual(
      paths(anon),
      // On title: "Orchard picnic" (garden, renamed above) before "Rocket launch".
      ['/news/garden', '/news/launch'],
    );
    // Not cached by the uids shown: a new match appears at once.
    await s.call('POST', '/', { '@type': 'Document', id: 'fresh', title: 'Aardvark news' });
    await s.call('POST', '/fresh/@workflow/publish', {});
    assert.deepEqual(paths(await s.call('GET', '/docs', undefined, {}, null))[0], '/fresh');
  });
});

test('@querystring describes indexes, operators and sortable indexes', async () => {
  const res = await s.call('GET', '/@querystring');
  assert.equal(res.status, 200);
  const pt = res.json.indexes.portal_type;
  assert.ok(pt.operations.includes('plone.app.querystring.operation.selection.any'));
  assert.equal(
    pt.operators['plone.app.querystring.operation.selection.any'].widget,
    'MultipleSelectionWidget',
  );
  assert.equal(pt.values.Document.title, 'Page');
  assert.ok(res.json.sortable_indexes.sortable_title);
  assert.equal(res.json.sortable_indexes.portal_type, undefined);
});
