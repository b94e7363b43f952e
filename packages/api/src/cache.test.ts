import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SerializationCache } from './cache.js';

const entry = (tid: number, deps: string[]) => ({ body: Buffer.from(`b${tid}`), etag: `e${tid}`, tid, deps });

test('an entry is stale once a dependency changes after it was built', () => {
  const c = new SerializationCache(10);
  c.set('k', entry(5, ['a', 'b']));
  assert.equal(c.get('k')?.body.toString(), 'b5');
  c.changed(['c'], 6);
  assert.equal(c.get('k')?.body.toString(), 'b5');
  c.changed(['b'], 7);
  assert.equal(c.get('k'), undefined);
});

test('changedEverything drops all older entries; LRU evicts the least recently used', () => {
  const c = new SerializationCache(4);
  for (const k of ['a', 'b', 'c', 'd']) c.set(k, entry(1, []));
  assert.ok(c.get('a')); // old enough to move to the young end
  c.set('e', entry(1, []));
  assert.equal(c.get('b'), undefined, 'b was the least recently used');
  assert.ok(c.get('a'));
  c.changedEverything(3);
  assert.equal(c.get('a'), undefined);
  c.set('d', entry(4, []));
  assert.ok(c.get('d'));
});

test('components are invalidated like responses: by their dependencies and by changedEverything', () => {
  const c = new SerializationCache(10);
  c.setComponent('nav', { value: { items: [1] }, tid: 5, deps: ['root', 'a'] });
  assert.deepEqual(c.getComponent('nav')?.value, { items: [1] });
  c.changed(['other'], 6);
  assert.ok(c.getComponent('nav'));
  c.changed(['a'], 7);
  assert.equal(c.getComponent('nav'), undefined);
  c.setComponent('types', { value: [], tid: 8, deps: [] });
  assert.ok(c.getComponent('types'));
  c.changedEverything(8);
  assert.equal(c.getComponent('types'), undefined);
  assert.equal(new SerializationCache(0).getComponent('x'), undefined);
  const off = new SerializationCache(0);
  off.setComponent('x', { value: 1, tid: 1, deps: [] });
  assert.equal(off.getComponent('x'), undefined, 'no caching when the cache is off');
});

test('an entry found fresh is re-checked after every change, however many lookups came before', () => {
  const c = new SerializationCache(10);
  c.set('k', entry(5, ['a', 'b']));
  c.setComponent('n', { value: 1, tid: 5, deps: ['b'] });
  for (let i = 0; i < 3; i++) {
    assert.ok(c.get('k'));
    assert.ok(c.getComponent('n'));
  }
  c.changed(['b'], 6);
  assert.equal(c.get('k'), undefined);
  assert.equal(c.getComponent('n'), undefined);
  // Marked changed before it was stored (built from an older snapshot): stale at once.
  c.changed(['z'], 9);
  c.set('late', entry(8, ['z']));
  assert.equal(c.get('late'), undefined);
});

test('bounded by bytes: oldest bodies go first; a body over the entry limit is not kept', () => {
  const cache = new SerializationCache(100, 3000, 1500);
  const entry = (n: number) => ({ body: Buffer.alloc(n), etag: 'e', tid: 1, deps: [] });
  cache.set('a', entry(1000));
  cache.set('b', entry(1000));
  cache.set('c', entry(1000));
  cache.set('d', entry(1000));
  assert.equal(cache.get('a'), undefined, 'evicted to stay within 3000 bytes');
  assert.ok(cache.get('b') && cache.get('c') && cache.get('d'));
  cache.set('big', entry(2000));
  assert.equal(cache.get('big'), undefined);
  cache.set('b', entry(100));
  cache.set('e', entry(1000));
  assert.ok(cache.get('b') && cache.get('e'), 'replacing an entry frees its old bytes');
});
