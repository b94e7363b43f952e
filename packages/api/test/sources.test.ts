// @sources and @querysources through the real app. The default types have no
// field with an enumerable source of their own, so this file registers a
// test-only type straight in storage (never in a distribution), modelled on
// plone.restapi's DXTestDocument: a Choice with inline terms, a Multiple
// Choice, a Choice over a named vocabulary and one over a query source.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { choice, defaultTypes, inlineChoice, sequence, type TypeDef } from '@tessera/core';
import { startSite, type TestSite } from './harness.js';
import { addUser } from './users.js';

let s: TestSite;
let member: string;
let editor: string;

const TERMS: Array<[string, string | null]> = [
  ['token1', 'Title 1'],
  ['token2', 'Title 2'],
  ['token3', null],
];

before(async () => {
  s = await startSite();
  member = await addUser(s, 'mia', ['Member']);
  editor = await addUser(s, 'eddie', ['Member', 'Editor']);
  await addUser(s, 'alice', ['Member']);
  const page = defaultTypes().find((t) => t.id === 'Document')!;
  const def: TypeDef = {
    ...page,
    id: 'SourceTestDocument',
    title: 'Source Test Document',
    fields: {
      test_choice_with_source: inlineChoice('test_choice_with_source', 'Choice', '', TERMS),
      test_multi: sequence('Multiple Choice', 'Multi', '', inlineChoice('test_multi', '', '', TERMS)),
      test_choice_with_vocabulary: choice('Type', '', 'plone.app.vocabularies.ReallyUserFriendlyTypes'),
      test_choice_with_querysource: choice('Person', '', 'plone.app.vocabularies.Users'),
    },
  };
  await s.storage.write({ principal: 'test' }, (tx) => tx.putType(def.id, def));
  const created = await s.call('POST', '/', {
    '@type': 'SourceTestDocument',
    id: 'doc',
    title: 'DX Document',
  });
  assert.equal(created.status, 201, JSON.stringify(created.json));
  assert.equal((await s.call('POST', '/doc/@workflow/publish', {})).status, 200);
});
after(() => s.close());

function assertError(res: { status: number; json: any }, status: number, type: string) {
  assert.equal(res.status, status, JSON.stringify(res.json));
  assert.equal(res.json.error.type, type);
}

test('the schema links the inline choices to @sources', async () => {
  const schema = await s.call('GET', '/@types/SourceTestDocument');
  assert.equal(
    schema.json.properties.test_choice_with_source.vocabulary['@id'],
    'http://localhost:80/@sources/test_choice_with_source',
  );
});

test('@sources: inline terms (untitled ones titled by their token), filters, batching', async () => {
  const res = await s.call('GET', '/doc/@sources/test_choice_with_source', undefined, {}, null);
  assert.equal(res.status, 200, JSON.stringify(res.json));
  assert.deepEqual(res.json, {
    '@id': 'http://localhost:80/doc/@sources/test_choice_with_source',
    items: [
      { title: 'Title 1', token: 'token1' },
      { title: 'Title 2', token: 'token2' },
      { title: 'token3', token: 'token3' },
    ],
    items_total: 3,
  });
  const byTitle = await s.call('GET', '/doc/@sources/test_choice_with_source?title=title 2');
  assert.deepEqual(byTitle.json.items, [{ title: 'Title 2', token: 'token2' }]);
  assert.equal(byTitle.json['@id'], 'http://localhost:80/doc/@sources/test_choice_with_source?title=title+2');
  const page = await s.call('GET', '/doc/@sources/test_multi?b_size=1&b_start=1');
  assert.deepEqual(page.json.items, [{ title: 'Title 2', token: 'token2' }]);
  assert.equal(page.json.items_total, 3);
  assert.ok(page.json.batching.next);
});

test('@sources over a named vocabulary, with its permission', async () => {
  const types = await s.call(
    'GET',
    '/doc/@sources/test_choice_with_vocabulary?token=folder',
    undefined,
    {},
    null,
  );
  assert.deepEqual(types.json.items, [{ title: 'Folder', token: 'Folder' }]);
  const url = '/doc/@sources/test_choice_with_querysource';
  assertError(await s.call('GET', url, undefined, {}, null), 401, 'Unauthorized');
  assertError(await s.call('GET', url, undefined, {}, member), 403, 'Forbidden');
  assert.equal((await s.call('GET', url, undefined, {}, editor)).json.items_total, 4);
});

test('@sources errors: no such field, no source, unknown source, bad path', async () => {
  assertError(await s.call('GET', '/doc/@sources/nope'), 404, 'NotFound');
  assertError(await s.call('GET', '/doc/@sources/title'), 404, 'NotFound');
  // relatedItems links plone.app.vocabularies.Catalog, which comes with the catalog.
  assertError(await s.call('GET', '/doc/@sources/relatedItems'), 404, 'NotFound');
  assertError(await s.call('GET', '/doc/@sources'), 400, 'BadRequest');
  assertError(await s.call('GET', '/doc/@sources/a/b'), 400, 'BadRequest');
  assertError(await s.call('GET', '/doc/@sources/test_multi?title=a&token=b'), 400, 'BadRequest');
});

test('@querysources searches a queryable source, and only with ?query=', async () => {
  const url = '/doc/@querysources/test_choice_with_querysource';
  const res = await s.call('GET', `${url}?query=ali`, undefined, {}, editor);
  assert.equal(res.status, 200, JSON.stringify(res.json));
  assert.deepEqual(res.json, {
    '@id': `http://localhost:80${url}?query=ali`,
    items: [{ title: 'alice', token: 'alice' }],
    items_total: 1,
  });
  assertError(await s.call('GET', url), 400, 'BadRequest');
  assertError(await s.call('GET', `${url}?query=a&query=b`), 400, 'BadRequest');
  assertError(await s.call('GET', `${url}?query=ali`, undefined, {}, null), 401, 'Unauthorized');
  assertError(await s.call('GET', `${url}?query=ali`, undefined, {}, member), 403, 'Forbidden');
  // Inline terms and plain vocabularies are sources, not query sources.
  assertError(await s.call('GET', '/doc/@querysources/test_choice_with_source?query=1'), 404, 'NotFound');
  assertError(await s.call('GET', '/doc/@querysources/test_choice_with_vocabulary?query=1'), 404, 'NotFound');
  assertError(await s.call('GET', '/doc/@querysources/nope?query=1'), 404, 'NotFound');
});
