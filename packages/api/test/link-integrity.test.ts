// @linkintegrity and the links table behind it: links from slate, teasers,
// image blocks, rich text (resolveuid) and relation fields, reported as
// breaches of an item (or of anything below it) before it is deleted.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startSite, type TestSite } from './harness.js';
import { addUser } from './users.js';

let s: TestSite;
const uid: Record<string, string> = {};

async function create(parent: string, body: Record<string, unknown>) {
  const r = await s.call('POST', parent || '/', body);
  assert.equal(r.status, 201, r.body);
  uid[String(body.id)] = r.json.UID;
  return r.json;
}

const breachesOf = async (uids: string[], auth?: string | null) => {
  const r = await s.call('GET', `/@linkintegrity?uids=${uids.join('&uids=')}`, undefined, {}, auth);
  assert.equal(r.status, 200, r.body);
  return r.json as Array<Record<string, any>>;
};
const ids = (breaches: Array<{ '@id': string }>) => breaches.map((b) => b['@id'].replace(/^.*\/\/[^/]+/, ''));

before(async () => {
  s = await startSite();
  await create('', { '@type': 'Folder', id: 'folder', title: 'Folder' });
  await create('/folder', { '@type': 'Document', id: 'child', title: 'Child' });
  await create('', { '@type': 'Document', id: 'teased', title: 'Teased' });
  await create('', { '@type': 'Document', id: 'pictured', title: 'Pictured' });
  await create('', { '@type': 'Document', id: 'texted', title: 'Texted' });
  await create('', { '@type': 'Document', id: 'related', title: 'Related' });
  await create('', {
    '@type': 'Document',
    id: 'linker',
    title: 'Linker',
    relatedItems: [uid.related],
    text: {
      'content-type': 'text/html',
      encoding: 'utf-8',
      data: `<p><a href="../resolveuid/${uid.texted}">t</a></p>`,
    },
    blocks: {
      a: {
        '@type': 'slate',
        value: [
          {
            type: 'p',
            children: [{ type: 'link', data: { url: '/folder/child' }, children: [{ text: 'c' }] }],
          },
        ],
      },
      b: { '@type': 'teaser', href: [{ '@id': '/teased', title: 'Teased' }] },
      c: { '@type': 'image', url: '/pictured/@@images/image/large' },
      d: {
        '@type': 'slate',
        value: [{ type: 'link', data: { url: 'https://elsewhere.org/folder' }, children: [] }],
      },
    },
    blocks_layout: { items: ['a', 'b', 'c', 'd'] },
  });
});
after(() => s.close());

test('every kind of link is a breach of its target', async () => {
  for (const target of ['child', 'teased', 'pictured', 'texted', 'related']) {
    const [item] = await breachesOf([uid[target]]);
    assert.deepEqual(ids(item.breaches), ['/linker'], target);
    assert.equal(item.breaches[0].uid, uid.linker);
    assert.equal(item.breaches[0].title, 'Linker');
    assert.equal(item.items_total, 0);
    assert.equal(item['@type'], 'Document');
    assert.equal(item.type_title, 'Page');
  }
  // Nothing links to the linker itself; the external link is no link.
  const [linker] = await breachesOf([uid.linker]);
  assert.deepEqual(linker.breaches, []);
});

test('a folder is breached through its children, and counts what lies below it', async () => {
  const [folder] = await breachesOf([uid.folder]);
  assert.deepEqual(ids(folder.breaches), ['/linker']);
  assert.equal(folder.items_total, 1);
  assert.equal(folder.title, 'Folder');
  assert.equal(folder.review_state, 'private');
});

test('links from items deleted together are no breach', async () => {
  const out = await breachesOf([uid.teased, uid.linker]);
  assert.deepEqual(
    out.map((i) => i.breaches.length),
    [0, 0],
  );
});

test('links are kept by UID: edits re-extract them, and deleted sources drop out', async () => {
  // The link rows name the target by uid, whatever path it was written with (so a move keeps them).
  const rows = await s.storage.read((tx) => tx.links({ target: uid.child }));
  assert.deepEqual(
    rows.map((r) => [r.source, r.relation, r.attribute]),
    [[uid.linker, 'isReferencing', 'blocks']],
  );
  // An edit that drops the teaser drops that link, in the same transaction.
  const r = await s.call('PATCH', '/linker', { blocks: {}, blocks_layout: { items: [] } });
  assert.equal(r.status, 204, r.body);
  assert.deepEqual((await breachesOf([uid.teased]))[0].breaches, []);
  assert.deepEqual(ids((await breachesOf([uid.texted]))[0].breaches), ['/linker']);
  assert.equal((await s.call('DELETE', '/linker')).status, 204);
  assert.deepEqual((await breachesOf([uid.texted]))[0].breaches, []);
  assert.deepEqual((await breachesOf([uid.related]))[0].breaches, []);
});

test('breaches the user may not see are counted, not shown', async () => {
  await create('', { '@type': 'Document', id: 'public-target', title: 'Public target' });
  await create('', {
    '@type': 'Document',
    id: 'open-linker',
    title: 'Open',
    relatedItems: [uid['public-target']],
  });
  await create('', {
    '@type': 'Document',
    id: 'secret-linker',
    title: 'Secret',
    relatedItems: [uid['public-target']],
  });
  for (const p of ['/public-target', '/open-linker'])
    assert.equal((await s.call('POST', `${p}/@workflow/publish`)).status, 200);
  const member = await addUser(s, 'member', ['Member']);
  const [seen] = await breachesOf([uid['public-target']], member);
  assert.deepEqual(ids(seen.breaches), ['/open-linker']);
  assert.equal(seen.hidden_breaches, 1);
  const [all] = await breachesOf([uid['public-target']]);
  assert.deepEqual(ids(all.breaches), ['/open-linker', '/secret-linker']);
  assert.equal('hidden_breaches' in all, false);
  // An item the user may not see is unknown to them.
  const r = await s.call('GET', `/@linkintegrity?uids=${uid['secret-linker']}`, undefined, {}, member);
  assert.equal(r.status, 400);
});

test('bad input: no uids, unknown uid', async () => {
  const none = await s.call('GET', '/@linkintegrity');
  assert.equal(none.status, 400);
  assert.equal(none.json.error.type, 'BadRequest');
  const unknown = await s.call('GET', '/@linkintegrity?uids=no-such-uid');
  assert.equal(unknown.status, 400);
  assert.match(unknown.json.error.message, /no-such-uid/);
});

test('a link survives a move of its target (the row names the UID, not the path)', async () => {
  await create('', { '@type': 'Document', id: 'mover', title: 'Mover' });
  await create('', {
    '@type': 'Document',
    id: 'pointer',
    title: 'Pointer',
    blocks: { a: { '@type': 'slate', value: [{ type: 'link', data: { url: '/mover' }, children: [] }] } },
    blocks_layout: { items: ['a'] },
  });
  // What a move does to the target's own row (the move service rewrites the
  // paths of the subtree only): the links table is not touched.
  await s.storage.db
    .updateTable('objects')
    .set({ id: 'moved', path: '/moved' })
    .where('uid', '=', uid.mover)
    .execute();
  const [item] = await breachesOf([uid.mover]);
  assert.match(item['@id'], /\/moved$/);
  assert.deepEqual(ids(item.breaches), ['/pointer']);
  const rel = await s.call('GET', `/@relations?target=${uid.mover}`);
  assert.match(rel.json.relations.isReferencing.items[0].target['@id'], /\/moved$/);
});
