// The shared move suite: moveTree rewrites the moved subtree's rows only
// (objects and catalog), with set-based statements, keeps UIDs, logs every
// moved uid for other processes' caches; redirects resolve by path.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Storage, WriteTx } from '@tessera/core';
import type { KyselyStorage, RootWriteTx } from '../kysely-storage.js';
import { OPEN, type StorageFixture } from '../storage.suite.js';

const now = '2026-01-01T00:00:00+00:00';
let counter = 0;
const uid = () => `m${(++counter).toString().padStart(31, '0')}`;

type Snapshot = Map<string, string>;

/** Every objects and catalog row as one comparable string per uid and table. */
async function snapshot(s: Storage): Promise<Snapshot> {
  const db = (s as KyselyStorage).db;
  const out: Snapshot = new Map();
  for (const r of await db
    .selectFrom('objects')
    .select(['uid', 'path', 'parent_uid', 'id', 'position', 'tid', 'data'])
    .execute())
    out.set(
      `objects ${r.uid}`,
      JSON.stringify([r.path, r.parent_uid, r.id, Number(r.position), Number(r.tid), r.data]),
    );
  for (const r of await db
    .selectFrom('catalog')
    .select(['uid', 'path', 'depth', 'parent_uid', 'id', 'position'])
    .execute())
    out.set(
      `catalog ${r.uid}`,
      JSON.stringify([r.path, Number(r.depth), r.parent_uid, r.id, Number(r.position)]),
    );
  return out;
}

export function movesSuite(name: string, factory: () => Promise<StorageFixture>) {
  describe(`Moves: ${name}`, () => {
    let fx: StorageFixture;
    let s: Storage;
    const uids: Record<string, string> = {};
    const add = async (tx: WriteTx, parent: string, id: string) => {
      const rec = await tx.insert({
        uid: uid(),
        parentUid: uids[parent]!,
        id,
        type: 'Document',
        created: now,
        modified: now,
        data: { title: id },
        ...OPEN,
      });
      uids[rec.path] = rec.uid;
    };

    before(async () => {
      fx = await factory();
      s = fx.storage;
      await s.migrate();
      await s.write({ principal: 'test' }, async (tx) => {
        const root = await (tx as RootWriteTx).insertRoot({
          uid: uid(),
          id: 'site',
          type: 'Plone Site',
          created: now,
          modified: now,
          data: {},
          ...OPEN,
        });
        uids[''] = root.uid;
        // Siblings whose paths share the moved folder's prefix must not move.
        for (const id of ['a', 'a-b', 'ab', 'a0', 'b']) await add(tx, '', id);
        for (const id of ['x', 'y']) await add(tx, '/a', id);
        for (const id of ['x1', 'x2']) await add(tx, '/a/x', id);
        await add(tx, '/a-b', 'k');
        await add(tx, '/b', 'z');
      });
    });
    after(() => fx.cleanup());

    test('moveTree rewrites the subtree only, keeps uids, lands last in the new folder', async () => {
      const before = await snapshot(s);
      const tidBefore = await s.lastTid();
      const moved = ['/a', '/a/x', '/a/y', '/a/x/x1', '/a/x/x2'].map((p) => uids[p]!);
      const result = await s.write({ principal: 'test' }, (tx) =>
        tx.moveTree(uids['/a']!, uids['/b']!, 'a2'),
      );
      assert.equal(result.oldPath, '/a');
      assert.equal(result.newPath, '/b/a2');
      assert.deepEqual(new Set(result.uids), new Set(moved));
      assert.equal(result.uids[0], uids['/a']);

      const after = await snapshot(s);
      const changedOutside = [...before.keys()].filter(
        (k) => !moved.includes(k.split(' ')[1]!) && before.get(k) !== after.get(k),
      );
      assert.deepEqual(changedOutside, [], 'no row outside the subtree changed');

      await s.read(async (tx) => {
        const a = await tx.byUid(uids['/a']!);
        assert.equal(a!.path, '/b/a2');
        assert.equal(a!.id, 'a2');
        assert.equal(a!.parentUid, uids['/b']);
        assert.equal(a!.position, 1, 'after z');
        assert.equal((await tx.byPath('/b/a2/x/x2'))!.uid, uids['/a/x/x2']);
        assert.equal(await tx.byPath('/a/x'), undefined);
        assert.deepEqual(
          (await tx.children(uids['/a']!)).map((c) => c.id),
          ['x', 'y'],
        );
        const found = await tx.search(
          { criteria: [{ kind: 'path', paths: ['/b/a2'], depth: -1 }], sort: [] },
          { filter: null, page: { start: 0, size: 100 } },
        );
        assert.deepEqual(found.brains.map((b) => b.path).sort(), [
          '/b/a2',
          '/b/a2/x',
          '/b/a2/x/x1',
          '/b/a2/x/x2',
          '/b/a2/y',
        ]);
      });
      const db = (s as KyselyStorage).db;
      const depth = await db
        .selectFrom('catalog')
        .select('depth')
        .where('uid', '=', uids['/a/x/x1']!)
        .executeTakeFirst();
      assert.equal(Number(depth!.depth), 4);
      // One revision (the moved root's), and every moved uid logged for caches.
      const revs = await db.selectFrom('revisions').select('uid').where('tid', '>', tidBefore).execute();
      assert.deepEqual(
        revs.map((r) => r.uid),
        [uids['/a']],
      );
      const logged = await db
        .selectFrom('object_changes')
        .select('uid')
        .where('tid', '>', tidBefore)
        .execute();
      const loggedSet = new Set(logged.map((r) => r.uid));
      for (const u of [...moved, uids['']!, uids['/b']!]) assert.ok(loggedSet.has(u), `${u} logged`);
      const changes = await s.changesSince(tidBefore);
      for (const u of moved) assert.ok(changes.uids.includes(u));
    });

    test('a rename keeps the position; moving back restores the paths', async () => {
      await s.write({ principal: 'test' }, (tx) => tx.moveTree(uids['/a-b']!, uids['']!, 'renamed'));
      await s.read(async (tx) => {
        const r = await tx.byPath('/renamed');
        assert.equal(r!.uid, uids['/a-b']);
        assert.equal(r!.position, 1);
        assert.equal((await tx.byPath('/renamed/k'))!.uid, uids['/a-b/k']);
      });
      await s.write({ principal: 'test' }, (tx) => tx.moveTree(uids['/a']!, uids['']!, 'a'));
      await s.read(async (tx) => {
        assert.equal((await tx.byPath('/a/x/x1'))!.uid, uids['/a/x/x1']);
        assert.equal(await tx.byPath('/b/a2'), undefined);
      });
    });

    test('redirects: the longest recorded prefix, the target by uid, listed and removed', async () => {
      await s.write({ principal: 'test' }, async (tx) => {
        await tx.putRedirect({
          path: '/old',
          targetUid: uids['/a']!,
          created: '2022-05-05T00:00:00.000Z',
          manual: true,
        });
        await tx.putRedirect({ path: '/old/x', targetUid: uids['/b']!, created: now, manual: false });
        // Replacing keeps one row per path.
        await tx.putRedirect({ path: '/old/x', targetUid: uids['/b/z']!, created: now, manual: false });
      });
      await s.read(async (tx) => {
        const r = await tx.redirectFor(['/old', '/old/x']);
        assert.equal(r!.path, '/old/x');
        assert.equal(r!.targetPath, '/b/z');
        assert.equal((await tx.redirectFor(['/old', '/old/y']))!.targetPath, '/a');
        const all = await tx.listRedirects({});
        assert.equal(all.total, 2);
        const mine = await tx.listRedirects({ targetUid: uids['/a']!, manual: true, text: 'OLD' });
        assert.deepEqual(
          mine.items.map((i) => i.path),
          ['/old'],
        );
        const page = await tx.listRedirects({ offset: 1, limit: 1 });
        assert.equal(page.total, 2);
        assert.deepEqual(
          page.items.map((i) => i.path),
          ['/old/x'],
        );
      });
      const removed = await s.write({ principal: 'test' }, async (tx) => [
        await tx.deleteRedirect('/old', uids['/b']!),
        await tx.deleteRedirect('/old'),
      ]);
      assert.deepEqual(removed, [false, true]);
    });
  });
}
