import assert from 'node:assert/strict';
import { test } from 'node:test';
import { chooseFreeId, chooseFreeIdAsync, invalidIdReason, normalizeId } from './ids.js';
import { newUid } from './operations.js';

test('normalizeId makes Plone-style ids from titles', () => {
  assert.equal(normalizeId('My Document'), 'my-document');
  assert.equal(normalizeId('  Über Straße & Co.!  '), 'uber-stra-e-co');
  assert.equal(normalizeId('Ångström 2024/25'), 'angstrom-2024-25');
  const long = normalizeId('word '.repeat(40));
  assert.ok(long.length <= 50 && !long.endsWith('-'), long);
});

test('chooseFreeId appends a counter on collision', () => {
  const taken = new Set(['doc', 'doc-1']);
  assert.equal(
    chooseFreeId('doc', (id) => taken.has(id)),
    'doc-2',
  );
  assert.equal(
    chooseFreeId('free', (id) => taken.has(id)),
    'free',
  );
});

test('invalidIdReason rejects unsafe ids', () => {
  for (const bad of [
    '',
    'a/b',
    '..',
    '@@view',
    '++api++',
    'a\u0001b',
    'x'.repeat(256),
    'with space',
    '@x',
    'é'.repeat(128),
  ]) {
    assert.notEqual(invalidIdReason(bad), null, JSON.stringify(bad));
  }
  for (const good of ['doc', 'my-doc.pdf', 'a_b', 'Ünïcode', 'x'.repeat(255)]) {
    assert.equal(invalidIdReason(good), null, good);
  }
});

test('chooseFreeIdAsync counts up, then falls back to a random suffix', async () => {
  const taken = new Set(['doc', ...Array.from({ length: 100 }, (_, i) => `doc-${i + 1}`)]);
  const among = async (ids: string[]) => new Set(ids.filter((i) => taken.has(i)));
  assert.match(await chooseFreeIdAsync('doc', among), /^doc-[0-9a-f]{8}$/);
  taken.delete('doc-7');
  assert.equal(await chooseFreeIdAsync('doc', among), 'doc-7');
  assert.equal(await chooseFreeIdAsync('new', among), 'new');
});

test('new UIDs: 32 hex digits, a UUIDv7 layout, ordered by creation time', () => {
  const a = newUid(Date.UTC(2026, 0, 1));
  const b = newUid(Date.UTC(2026, 0, 1) + 1);
  for (const u of [a, b, newUid()]) {
    assert.match(u, /^[0-9a-f]{32}$/);
    assert.equal(u[12], '7', 'version 7');
    assert.match(u[16], /[89ab]/, 'RFC 9562 variant');
  }
  assert.ok(a < b, 'a later millisecond sorts later');
  assert.equal(a.slice(0, 12), Date.UTC(2026, 0, 1).toString(16).padStart(12, '0'));
  const many = new Set(Array.from({ length: 10_000 }, () => newUid(0)));
  assert.equal(many.size, 10_000, 'random bits keep UIDs of the same millisecond apart');
});
