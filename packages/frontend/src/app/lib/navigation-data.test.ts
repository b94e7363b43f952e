import assert from 'node:assert/strict';
import { test } from 'node:test';
import { navigationData, SUBMENU_LIMIT } from './navigation-data.js';

test('tabs keep their id and title; a long dropdown is cut and says so', () => {
  const many = Array.from({ length: 40 }, (_, i) => ({
    '@id': `/docs/d${i}`,
    title: `D${i}`,
    review_state: 'x',
  }));
  const nav = navigationData([
    { '@id': '/', title: 'Home', items: [], description: 'dropped' },
    { '@id': '/docs', title: 'Docs', items: many },
    { '@id': '/short', title: 'Short', items: many.slice(0, 3) },
    { title: 'no id' },
  ]);
  assert.deepEqual(nav[0], { '@id': '/', title: 'Home', items: [] });
  assert.equal(nav[1]!.items!.length, SUBMENU_LIMIT);
  assert.deepEqual(nav[1]!.items![0], { '@id': '/docs/d0', title: 'D0' });
  assert.equal(nav[1]!.more, true);
  assert.equal(nav[2]!.items!.length, 3);
  assert.equal(nav[2]!.more, undefined);
  assert.equal(nav.length, 3, 'entries without an @id are left out');
  assert.deepEqual(navigationData(null), []);
});
