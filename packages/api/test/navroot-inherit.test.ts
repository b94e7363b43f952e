// @navroot and @inherit: the services and their @components expansions.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { TypeDef } from '@tessera/core';
import { startSite, type TestSite } from './harness.js';

let s: TestSite;
before(async () => {
  s = await startSite({ distribution: 'classic' });
  await s.call('POST', '/', { '@type': 'Folder', id: 'section', title: 'Section' });
  await s.call('POST', '/section', { '@type': 'Folder', id: 'sub', title: 'Sub' });
  await s.call('POST', '/section/sub', { '@type': 'Document', id: 'page', title: 'Page' });
  await s.call('POST', '/', { '@type': 'Document', id: 'top', title: 'Top' });
  // Published, so that anonymous may read them (the tests ask anonymously).
  await s.call('POST', '/section/@workflow/publish', { include_children: true });
  await s.call('POST', '/top/@workflow/publish', {});
});
after(() => s.close());

/** Adds a behavior to a type the way a through-the-web edit would store it. */
async function addBehavior(type: string, behavior: string) {
  const row = await s.storage.read(async (tx) => (await tx.listTypes()).find((t) => t.name === type));
  const def = row!.def as TypeDef;
  await s.storage.write({ principal: 'test' }, (tx) =>
    tx.putType(type, { ...def, behaviors: [...def.behaviors, behavior] }),
  );
}

async function removeBehavior(type: string, behavior: string) {
  const row = await s.storage.read(async (tx) => (await tx.listTypes()).find((t) => t.name === type));
  const def = row!.def as TypeDef;
  await s.storage.write({ principal: 'test' }, (tx) =>
    tx.putType(type, { ...def, behaviors: def.behaviors.filter((b) => b !== behavior) }),
  );
}

test('@navroot on a plain site is the site root, serialized without items or @components', async () => {
  const res = await s.call('GET', '/section/sub/page/@navroot', undefined, {}, null);
  assert.equal(res.status, 200);
  assert.equal(res.json['@id'], 'http://localhost:80/section/sub/page/@navroot');
  const root = res.json.navroot;
  assert.equal(root['@id'], 'http://localhost:80');
  assert.equal(root['@type'], 'Plone Site');
  assert.equal(root.id, 'plone');
  assert.equal(root.is_folderish, true);
  assert.equal(root['@components'], undefined);
  assert.equal(root.items, undefined);
  assert.equal(root.items_total, undefined);
  const full = (await s.call('GET', '/?include_items=false')).json;
  assert.equal(root.title, full.title);
  assert.equal(root.UID, full.UID);
  assert.equal((await s.call('GET', '/@navroot')).json.navroot['@id'], 'http://localhost:80');
});

test('expand=navroot embeds the same body in @components', async () => {
  const page = await s.call('GET', '/top?expand=navroot');
  const service = await s.call('GET', '/top/@navroot');
  assert.deepEqual(page.json['@components'].navroot, service.json);
  // Not expanded: a link only.
  const plain = await s.call('GET', '/top');
  assert.deepEqual(plain.json['@components'].navroot, { '@id': 'http://localhost:80/top/@navroot' });
});

test('a type with the plone.navigationroot behavior makes its items navigation roots', async () => {
  await addBehavior('Folder', 'plone.navigationroot');
  try {
    assert.equal(
      (await s.call('GET', '/section/sub/page/@navroot')).json.navroot['@id'],
      'http://localhost:80/section/sub',
    );
    assert.equal(
      (await s.call('GET', '/section/@navroot')).json.navroot['@id'],
      'http://localhost:80/section',
    );
    assert.equal((await s.call('GET', '/top/@navroot')).json.navroot['@id'], 'http://localhost:80');
  } finally {
    await removeBehavior('Folder', 'plone.navigationroot');
  }
  assert.equal(
    (await s.call('GET', '/section/sub/page/@navroot')).json.navroot['@id'],
    'http://localhost:80',
  );
});

test('the navigation panel root setting moves the navigation root', async () => {
  assert.equal((await s.call('PATCH', '/@controlpanels/navigation', { root: '/section' })).status, 204);
  try {
    assert.equal((await s.call('GET', '/top/@navroot')).json.navroot.title, 'Section');
  } finally {
    await s.call('PATCH', '/@controlpanels/navigation', { root: '/' });
  }
  assert.equal((await s.call('GET', '/top/@navroot')).json.navroot['@type'], 'Plone Site');
});

test('@navroot follows a retitled root (no stale cache)', async () => {
  assert.equal((await s.call('GET', '/top/@navroot')).json.navroot.title, 'Site');
  assert.equal((await s.call('PATCH', '/', { title: 'Retitled' })).status, 204);
  assert.equal((await s.call('GET', '/top/@navroot')).json.navroot.title, 'Retitled');
  assert.equal(
    (await s.call('GET', '/top?expand=navroot')).json['@components'].navroot.navroot.title,
    'Retitled',
  );
});

test('@inherit finds the nearest object with each behavior, the context included', async () => {
  await s.call('PATCH', '/section', { nextPreviousEnabled: true });
  const url =
    '/section/sub/page/@inherit?expand.inherit.behaviors=plone.nextprevioustoggle,plone.richtext,plone.dublincore,no.such.behavior';
  const res = await s.call('GET', url, undefined, {}, null);
  assert.equal(res.status, 200);
  assert.equal(
    res.json['@id'],
    'http://localhost:80/section/sub/page/@inherit?expand.inherit.behaviors=plone.nextprevioustoggle,plone.richtext,plone.dublincore,no.such.behavior',
  );
  // Folders have the toggle; the nearest one is the page's parent.
  assert.deepEqual(res.json['plone.nextprevioustoggle'].from, {
    '@id': 'http://localhost:80/section/sub',
    title: 'Sub',
  });
  assert.deepEqual(res.json['plone.nextprevioustoggle'].data, { nextPreviousEnabled: false });
  // The page itself has rich text and Dublin Core.
  assert.equal(res.json['plone.richtext'].from['@id'], 'http://localhost:80/section/sub/page');
  assert.deepEqual(Object.keys(res.json['plone.richtext'].data), ['text']);
  assert.equal(res.json['plone.dublincore'].data.title, 'Page');
  assert.equal(res.json['no.such.behavior'], undefined);

  const fromSub = await s.call('GET', '/section/sub/@inherit?expand.inherit.behaviors=plone.richtext');
  assert.deepEqual(fromSub.json['plone.richtext'].from, { '@id': 'http://localhost:80', title: 'Retitled' });
  const grand = await s.call('GET', '/section/@inherit?expand.inherit.behaviors=plone.nextprevioustoggle');
  assert.deepEqual(grand.json['plone.nextprevioustoggle'].data, { nextPreviousEnabled: true });
});

test('@inherit without behaviors is empty; plone.navigationroot comes from the site root', async () => {
  assert.deepEqual((await s.call('GET', '/top/@inherit')).json, {});
  const nav = await s.call('GET', '/top/@inherit?expand.inherit.behaviors=plone.navigationroot');
  assert.deepEqual(nav.json['plone.navigationroot'], {
    data: {},
    from: { '@id': 'http://localhost:80', title: 'Retitled' },
  });
});

test('inherit appears in @components only when behaviors are asked for', async () => {
  const plain = await s.call('GET', '/top');
  assert.equal(plain.json['@components'].inherit, undefined);
  assert.equal((await s.call('GET', '/top?expand=inherit')).json['@components'].inherit, undefined);
  const linked = await s.call('GET', '/top?expand.inherit.behaviors=plone.navigationroot');
  assert.deepEqual(linked.json['@components'].inherit, {
    '@id': 'http://localhost:80/top/@inherit?expand.inherit.behaviors=plone.navigationroot',
  });
  const expanded = await s.call('GET', '/top?expand=inherit&expand.inherit.behaviors=plone.navigationroot');
  const service = await s.call('GET', '/top/@inherit?expand.inherit.behaviors=plone.navigationroot');
  assert.deepEqual(expanded.json['@components'].inherit, service.json);
});

test('@inherit sees a parent changed after it was cached', async () => {
  const url = '/section/sub/page/@inherit?expand.inherit.behaviors=plone.nextprevioustoggle';
  assert.equal((await s.call('GET', url)).json['plone.nextprevioustoggle'].data.nextPreviousEnabled, false);
  assert.equal((await s.call('PATCH', '/section/sub', { nextPreviousEnabled: true })).status, 204);
  assert.equal((await s.call('GET', url)).json['plone.nextprevioustoggle'].data.nextPreviousEnabled, true);
});
