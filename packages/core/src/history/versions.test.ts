import assert from 'node:assert/strict';
import { test } from 'node:test';
import { activeLock, lockBlocks } from './locks.js';
import { diffData, isVersionable, revertedData } from './versions.js';

test('revertedData takes the old fields and keeps workflow and sharing', () => {
  const current = {
    title: 'New',
    review_state: 'published',
    review_history: [1, 2],
    local_roles: { a: ['Editor'] },
  };
  const old = { title: 'Old', text: 'x', review_state: 'private', review_history: [1] };
  assert.deepEqual(revertedData(current, old), {
    title: 'Old',
    text: 'x',
    review_state: 'published',
    review_history: [1, 2],
    local_roles: { a: ['Editor'] },
  });
});

test('diffData: changed, added and removed fields; workflow left out; blocks by id', () => {
  const a = { title: 'A', gone: 1, review_state: 'private', blocks: { x: { v: 1 }, y: { v: 1 } } };
  const b = { title: 'B', added: true, review_state: 'published', blocks: { x: { v: 2 }, z: {} } };
  assert.deepEqual(diffData(a, b), [
    { field: 'added', old: null, new: true },
    {
      field: 'blocks',
      old: a.blocks,
      new: b.blocks,
      blocks: { added: ['z'], removed: ['y'], changed: ['x'] },
    },
    { field: 'gone', old: 1, new: null },
    { field: 'title', old: 'A', new: 'B' },
  ]);
  assert.deepEqual(diffData(a, a), []);
});

test('versionable types come from the setting', () => {
  assert.equal(isVersionable({ versionableTypes: ['Document'] }, 'Document'), true);
  assert.equal(isVersionable({ versionableTypes: ['Document'] }, 'Folder'), false);
});

test('locks: expiry, and who a lock stops', () => {
  const lock = {
    uid: 'u',
    token: 't',
    creator: 'ann',
    created: new Date(1000).toISOString(),
    timeout: 10,
    stealable: true,
  };
  assert.equal(activeLock(lock, 10_999), lock);
  assert.equal(activeLock(lock, 11_000), undefined);
  assert.equal(lockBlocks(undefined, 'bob', undefined), false);
  assert.equal(lockBlocks(lock, 'ann', undefined), false);
  assert.equal(lockBlocks(lock, 'bob', undefined), true);
  assert.equal(lockBlocks(lock, 'bob', 't'), false);
  assert.equal(lockBlocks(lock, 'ann', 'stale'), true);
  assert.equal(lockBlocks(lock, null, undefined), true);
});
