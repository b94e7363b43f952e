// Navigation and types are built once and shared between pages
// (serializers/content.ts, SHARED). Every answer must equal what a site
// without any cache builds, for every page, principal, URL form and after
// every kind of change.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startSite, type TestSite } from './harness.js';

let s: TestSite;
let ref: TestSite;
before(async () => {
  s = await startSite();
  ref = await startSite({ cacheEntries: 0 });
});
after(async () => {
  await s.close();
  await ref.close();
});

const both = async (method: string, url: string, body?: unknown) => {
  const [a, b] = await Promise.all([s.call(method, url, body), ref.call(method, url, body)]);
  assert.equal(a.status, b.status, `${method} ${url}`);
};

const PAGES = [
  '/a/d1',
  '/b/d2',
  '/a',
  '/r',
  '/',
  '/VirtualHostBase/http/vh.example.org/VirtualHostRoot/a/d1',
  '/VirtualHostBase/http/vh.example.org/a/VirtualHostRoot/d1',
  '/VirtualHostBase/https/vh.example.org:443/a/VirtualHostRoot/_vh_sub/d1',
];

async function compareAll(label: string) {
  for (const expand of ['navigation,types', 'types,navigation&expand.navigation.depth=2']) {
    for (const auth of [undefined, null]) {
      for (const page of PAGES) {
        const url = `${page}?expand=${expand}`;
        const [a, b] = await Promise.all([
          s.call('GET', url, undefined, {}, auth),
          ref.call('GET', url, undefined, {}, auth),
        ]);
        assert.equal(a.status, 200, `${label}: ${url}`);
        assert.deepEqual(
          a.json['@components'],
          b.json['@components'],
          `${label}: ${url} (${auth ?? 'admin'})`,
        );
      }
    }
  }
}

test('shared components equal freshly built ones, on every page and after every change', async () => {
  await both('POST', '/', { '@type': 'Folder', id: 'a', title: 'A' });
  await both('POST', '/', { '@type': 'Folder', id: 'b', title: 'B' });
  await both('POST', '/a', { '@type': 'Document', id: 'd1', title: 'D1' });
  await both('POST', '/b', { '@type': 'Document', id: 'd2', title: 'D2' });
  await both('POST', '/', { '@type': 'Document', id: 'r', title: 'R' });
  // Published, so that anonymous sees the pages too.
  for (const path of ['/a', '/b', '/a/d1', '/b/d2', '/r'])
    await both('POST', `${path}/@workflow/publish`, {});
  const hits = s.site.cache.componentHits;
  await compareAll('initial');
  assert.ok(s.site.cache.componentHits > hits + 20, 'pages shared the cached components');

  await both('POST', '/', { '@type': 'Folder', id: 'c', title: 'C' });
  await compareAll('a new top-level folder');
  await both('POST', '/c/@workflow/publish', {});
  await compareAll('a folder published (shown to anonymous now)');
  await both('POST', '/c/@workflow/retract', {});
  await compareAll('a folder retracted');
  await both('POST', '/a', { '@type': 'Folder', id: 'sub', title: 'Sub' });
  await compareAll('a new second-level folder (depth 2)');
  await both('PATCH', '/a', { title: 'A renamed' });
  await compareAll('a renamed folder');
  await both('PATCH', '/a/sub', { title: 'Sub renamed' });
  await compareAll('a renamed second-level folder');
  await both('PATCH', '/b', { exclude_from_nav: true });
  await compareAll('a folder excluded from navigation');
  await both('PATCH', '/', { ordering: { obj_id: 'r', delta: 'top' } });
  await compareAll('reordered');
  await both('DELETE', '/c');
  await compareAll('a deleted folder');
  await both('POST', '/@types/Folder', { factory: 'Text line (String)', title: 'Extra' });
  await compareAll('a type changed');
});
