// @relations: stats, queries filtered by what the user may see, adding and
// removing relations (field-based ones change the source's field), rebuild,
// and refusals in plone.restapi's error shape.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startSite, type TestSite } from './harness.js';
import { addUser } from './users.js';

let s: TestSite;
let member: string;
let editor: string;
const uid: Record<string, string> = {};
const rel = (source: string, target: string, relation: string) => ({ source, target, relation });
const path = (summary: { '@id': string }) => summary['@id'].replace(/^.*\/\/[^/]+/, '');
const pairs = (
  group: { items: Array<{ source: { '@id': string }; target: { '@id': string } }> } | undefined,
) => (group?.items ?? []).map((i) => `${path(i.source)}>${path(i.target)}`);

before(async () => {
  s = await startSite();
  for (const [id, title] of [
    ['document', 'Test document 1'],
    ['document-2', 'Test document 2'],
    ['document-3', 'Test document 3'],
  ]) {
    const r = await s.call('POST', '/', { '@type': 'Document', id, title });
    assert.equal(r.status, 201);
    uid[id] = r.json.UID;
  }
  for (const p of ['/document', '/document-2'])
    assert.equal((await s.call('POST', `${p}/@workflow/publish`)).status, 200);
  member = await addUser(s, 'member', ['Member']);
  editor = await addUser(s, 'editor', ['Editor']);
  const r = await s.call('POST', '/@relations', {
    items: [
      rel('/document', '/document-2', 'comprisesComponentPart'),
      rel('/document', '/document-3', 'comprisesComponentPart'),
      rel('/document', '/document-3', 'relatedItems'),
      rel(uid['document-2'], uid.document, 'relatedItems'),
    ],
  });
  assert.equal(r.status, 204, r.body);
});
after(() => s.close());

test('statistics per relation name, of what the user may see', async () => {
  const r = await s.call('GET', '/@relations');
  assert.equal(r.status, 200);
  assert.match(r.json['@id'], /\/@relations$/);
  assert.deepEqual(r.json.stats, { comprisesComponentPart: 2, relatedItems: 2 });
  assert.deepEqual(r.json.broken, {});
  const anon = await s.call('GET', '/@relations', undefined, {}, null);
  assert.deepEqual(anon.json.stats, { comprisesComponentPart: 1, relatedItems: 1 });
});

test('a relation named after a field of the source is that field', async () => {
  // Shown as summaries of the targets the reader may see (document-3 is private).
  const doc = await s.call('GET', '/document');
  assert.deepEqual(
    doc.json.relatedItems.map((v: any) => [path(v), v.UID, v.title, v.review_state]),
    [['/document-3', uid['document-3'], 'Test document 3', 'private']],
  );
  const anon = await s.call('GET', '/document', undefined, {}, null);
  assert.deepEqual(anon.json.relatedItems, []);
  // A new title of the target shows at once (the cached body depends on it).
  assert.equal((await s.call('PATCH', '/document-3', { title: 'Renamed 3' })).status, 204);
  const again = await s.call('GET', '/document');
  assert.equal(again.json.relatedItems[0].title, 'Renamed 3');
  assert.equal((await s.call('PATCH', '/document-3', { title: 'Test document 3' })).status, 204);
});

test('queries by source (path or uid), target, relation name; anonymous sees public ends only', async () => {
  const bySource = await s.call('GET', '/@relations?source=/document');
  assert.deepEqual(pairs(bySource.json.relations.comprisesComponentPart), [
    '/document>/document-2',
    '/document>/document-3',
  ]);
  assert.deepEqual(pairs(bySource.json.relations.relatedItems), ['/document>/document-3']);
  assert.equal(bySource.json.relations.relatedItems.items_total, 1);
  assert.equal('readonly' in bySource.json.relations.relatedItems, false);
  const item = bySource.json.relations.comprisesComponentPart.items[0];
  assert.deepEqual(Object.keys(item.source).sort(), [
    '@id',
    '@type',
    'UID',
    'description',
    'review_state',
    'title',
    'type_title',
  ]);
  assert.equal(item.target.UID, uid['document-2']);
  const byUid = await s.call('GET', `/@relations?source=${uid.document}`);
  assert.deepEqual(byUid.json.relations, bySource.json.relations);
  const byTarget = await s.call('GET', '/@relations?target=/document');
  assert.deepEqual(Object.keys(byTarget.json.relations), ['relatedItems']);
  assert.deepEqual(pairs(byTarget.json.relations.relatedItems), ['/document-2>/document']);
  const named = await s.call('GET', '/@relations?source=/document&relation=comprisesComponentPart');
  assert.match(named.json['@id'], /\/@relations\?source=\/document&relation=comprisesComponentPart$/);
  assert.equal(named.json.relations.comprisesComponentPart.readonly, false);
  assert.equal(named.json.relations.comprisesComponentPart.staticCatalogVocabularyQuery, null);
  const anon = await s.call('GET', '/@relations?source=/document', undefined, {}, null);
  assert.deepEqual(Object.keys(anon.json.relations), ['comprisesComponentPart']);
  assert.deepEqual(pairs(anon.json.relations.comprisesComponentPart), ['/document>/document-2']);
  const limited = await s.call('GET', '/@relations?source=/document&max=1');
  assert.equal(Object.values(limited.json.relations).length, 1);
  const refined = await s.call('GET', '/@relations?relation=comprisesComponentPart&query_target=document 3');
  assert.deepEqual(pairs(refined.json.relations.comprisesComponentPart), ['/document>/document-3']);
});

test('bad queries answer in the error shape', async () => {
  const unknown = await s.call('GET', '/@relations?source=/no-such-doc');
  assert.equal(unknown.status, 404);
  assert.equal(unknown.json.error.type, 'NotFound');
  const hidden = await s.call('GET', '/@relations?source=/document-3', undefined, {}, null);
  assert.equal(hidden.status, 404);
  const max = await s.call('GET', '/@relations?source=/document&max=0');
  assert.equal(max.status, 400);
  const below = await s.call('GET', '/document/@relations');
  assert.equal(below.status, 400);
  assert.equal(below.json.error.type, 'BadRequest');
});

test('adding: all or nothing, failures listed, anonymous refused, permissions checked per relation', async () => {
  const mixed = await s.call('POST', '/@relations', {
    items: [
      rel('/document-2', '/document-3', 'comprisesComponentPart'),
      rel('/document', '/nope', 'comprisesComponentPart'),
    ],
  });
  assert.equal(mixed.status, 422);
  assert.equal(mixed.json.error.message, 'Failed on creating relations');
  assert.deepEqual(mixed.json.error.failed, [
    [rel('/document', '/nope', 'comprisesComponentPart'), 'Failed on creating a relation. Target not found.'],
  ]);
  const after = await s.call('GET', '/@relations?source=/document-2&relation=comprisesComponentPart');
  assert.deepEqual(after.json.relations, {});
  const anon = await s.call(
    'POST',
    '/@relations',
    { items: [rel('/document', '/document-2', 'x')] },
    {},
    null,
  );
  assert.equal(anon.status, 401);
  const denied = await s.call(
    'POST',
    '/@relations',
    { items: [rel('/document', '/document-2', 'x')] },
    {},
    member,
  );
  assert.equal(denied.status, 422);
  assert.match(denied.json.error.failed[0][1], /Not authorized/);
  const readonly = await s.call('POST', '/@relations', {
    items: [rel('/document', '/document-2', 'isReferencing')],
  });
  assert.equal(readonly.status, 422);
  const shapeless = await s.call('POST', '/@relations', { items: 'nope' });
  assert.equal(shapeless.status, 400);
  assert.equal(shapeless.json.error.type, 'BadRequest');
  const missing = await s.call('POST', '/@relations', {
    items: [{ source: '/document', target: '/document-2' }],
  });
  assert.equal(missing.status, 422);
  // An Editor may relate what it may modify.
  const ok = await s.call(
    'POST',
    '/@relations',
    { items: [rel('/document-3', '/document', 'seeAlso')] },
    {},
    editor,
  );
  assert.equal(ok.status, 204, ok.body);
});

test('deleting by list, by relation name, by source, by target', async () => {
  const failed = await s.call('DELETE', '/@relations', {
    items: [
      rel('/document', '/dont-know-this-doc', 'comprisesComponentPart'),
      rel('/doc-does-not-exist', '/document', 'comprisesComponentPart'),
    ],
  });
  assert.equal(failed.status, 422);
  assert.deepEqual(
    failed.json.error.failed.map((f: [unknown, string]) => f[1]),
    ['Failed on deleting a relation. Target not found.', 'Failed on deleting a relation. Source not found.'],
  );
  const one = await s.call('DELETE', '/@relations', {
    items: [rel(uid.document, uid['document-2'], 'comprisesComponentPart')],
  });
  assert.equal(one.status, 204);
  let stats = (await s.call('GET', '/@relations')).json.stats;
  assert.deepEqual(stats, { comprisesComponentPart: 1, relatedItems: 2, seeAlso: 1 });
  assert.equal((await s.call('DELETE', '/@relations', { relation: 'relatedItems' })).status, 204);
  assert.deepEqual((await s.call('GET', '/document')).json.relatedItems, []);
  assert.deepEqual((await s.call('GET', '/document-2')).json.relatedItems, []);
  assert.equal((await s.call('DELETE', '/@relations', { target: '/document' })).status, 204);
  assert.equal((await s.call('DELETE', '/@relations', { source: '/document' })).status, 204);
  stats = (await s.call('GET', '/@relations')).json.stats;
  assert.deepEqual(stats, {});
  assert.equal((await s.call('DELETE', '/@relations', {})).status, 400);
  assert.equal((await s.call('DELETE', '/@relations', { relation: 'x' }, {}, null)).status, 401);
});

test('rebuild: Managers only; re-extracts links from the content and keeps standalone relations', async () => {
  await s.call('POST', '/@relations', {
    items: [
      rel('/document', '/document-2', 'relatedItems'),
      rel('/document', '/document-3', 'comprisesComponentPart'),
    ],
  });
  assert.equal((await s.call('POST', '/@relations/rebuild', undefined, {}, editor)).status, 403);
  assert.equal((await s.call('POST', '/@relations/rebuild')).status, 204);
  const stats = (await s.call('GET', '/@relations')).json.stats;
  assert.deepEqual(stats, { comprisesComponentPart: 1, relatedItems: 1 });
});

test('a relation to an item that is deleted is broken, and listed by onlyBroken', async () => {
  assert.equal((await s.call('DELETE', '/document-3')).status, 204);
  const r = await s.call('GET', '/@relations');
  assert.deepEqual(r.json.broken, { comprisesComponentPart: 1 });
  const broken = await s.call('GET', '/@relations?onlyBroken=true');
  assert.deepEqual(Object.keys(broken.json.relations), ['comprisesComponentPart']);
  assert.equal(path({ '@id': broken.json.relations.comprisesComponentPart.items[0] }), '/document');
});

test('relation field values: UIDs, paths, URLs and summaries resolve to UIDs; unknown targets are refused', async () => {
  const siteUrl = (await s.call('GET', '/')).json['@id'];
  const r = await s.call('POST', '/', {
    '@type': 'Document',
    id: 'relating',
    title: 'Relating',
    relatedItems: ['/document', { '@id': `${siteUrl}/document-2`, title: 'x' }],
  });
  assert.equal(r.status, 201, r.body);
  const stored = await s.storage.read((tx) => tx.byPath('/relating'));
  assert.deepEqual(stored?.data.relatedItems, [uid.document, uid['document-2']]);
  const rows = await s.call('GET', '/@relations?source=/relating');
  assert.deepEqual(pairs(rows.json.relations.relatedItems), ['/relating>/document', '/relating>/document-2']);
  for (const bad of ['no-such-uid', '/no/such/path', 'https://elsewhere.org/document']) {
    const refused = await s.call('PATCH', '/relating', { relatedItems: [bad] });
    assert.equal(refused.status, 400, bad);
    assert.equal(refused.json.error.type, 'BadRequest');
    assert.match(JSON.stringify(refused.json.error), /Could not resolve object/);
  }
  assert.deepEqual((await s.storage.read((tx) => tx.byPath('/relating')))?.data.relatedItems, [
    uid.document,
    uid['document-2'],
  ]);
});
