// The shared trash suite (docs/decisions/0031-trash.md): every adapter moves a
// subtree into the trash and back in one transaction, with its rows, view
// tokens and catalog entries, and purges it. Called from each adapter's test
// file with a factory for a fresh, empty storage.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Storage, WriteTx } from '@tessera/core';
import type { RootWriteTx } from '../kysely-storage.js';
import { OPEN, type StorageFixture } from '../storage.suite.js';

const now = '2026-01-01T00:00:00+00:00';
let counter = 0;
const uid = () => `7${(++counter).toString().padStart(31, '0')}`;
const stamp = (expiresAt = '2026-02-01T00:00:00.000Z') => ({
  deletedBy: 'alice',
  deletedAt: '2026-01-02T00:00:00.000Z',
  expiresAt,
});
const ALL = { start: 0, size: 100 };

export function trashSuite(name: string, factory: () => Promise<StorageFixture>) {
  describe(`Trash: ${name}`, () => {
    let fx: StorageFixture;
    let s: Storage;
    let rootUid: string;

    const add = (tx: WriteTx, parentUid: string, id: string, view = ['Anonymous']) =>
      tx.insert({
        uid: uid(),
        parentUid,
        id,
        type: 'Folder',
        created: now,
        modified: now,
        data: { title: id.toUpperCase() },
        ...OPEN,
        view,
      });
    const paths = (prefix: string) =>
      s.read(async (tx) =>
        (
          await tx.search(
            { criteria: [{ kind: 'path', paths: [prefix], depth: -1 }], sort: [] },
            { filter: null, page: ALL },
          )
        ).brains
          .map((b) => b.path)
          .sort(),
      );

    before(async () => {
      fx = await factory();
      s = fx.storage;
      await s.migrate();
      rootUid = uid();
      await s.write({ principal: 'test' }, (tx) =>
        (tx as RootWriteTx).insertRoot({
          uid: rootUid,
          id: 'site',
          type: 'Plone Site',
          created: now,
          modified: now,
          data: { title: 'Site' },
          ...OPEN,
        }),
      );
    });
    after(() => fx.cleanup());

    test('a trashed subtree leaves the tree and the catalog, and comes back elsewhere', async () => {
      const ids = await s.write({ principal: 'test' }, async (tx) => {
        const a = await add(tx, rootUid, 'a', ['Manager', 'user:alice']);
        const b = await add(tx, a.uid, 'b');
        const c = await add(tx, b.uid, 'c');
        const dest = await add(tx, rootUid, 'dest');
        return { a: a.uid, b: b.uid, c: c.uid, dest: dest.uid };
      });
      const t0 = await s.lastTid();
      const gone = await s.write({ principal: 'test' }, (tx) => tx.trashTree(ids.a, stamp()));
      assert.deepEqual(gone.sort(), [ids.a, ids.b, ids.c].sort());
      const changes = await s.changesSince(t0);
      assert.ok(changes.uids.includes(ids.c) && changes.uids.includes(rootUid), 'caches learn of it');
      await s.read(async (tx) => {
        assert.equal(await tx.byPath('/a/b'), undefined);
        assert.equal(await tx.byUid(ids.c), undefined);
        assert.equal((await tx.children(rootUid)).filter((r) => r.id === 'a').length, 0);
        assert.equal((await tx.revisions(ids.c)).at(-1)?.deleted, true);
        const listed = await tx.trashEntries({ tokens: null, start: 0, limit: 10 });
        assert.equal(listed.total, 1);
        assert.deepEqual(
          { ...listed.items[0] },
          {
            uid: ids.a,
            parentUid: rootUid,
            path: '/a',
            id: 'a',
            type: 'Folder',
            title: 'A',
            ...stamp(),
            items: 3,
          },
        );
        // Filtered by who could View the root when it was deleted.
        assert.equal((await tx.trashEntries({ tokens: ['user:bob'], start: 0, limit: 10 })).total, 0);
        assert.equal((await tx.trashEntries({ tokens: ['user:alice'], start: 0, limit: 10 })).total, 1);
        assert.equal((await tx.trashEntries({ tokens: null, under: '/dest', start: 0, limit: 10 })).total, 0);
        const one = await tx.trashEntry(ids.a);
        assert.deepEqual(one?.view, ['Manager', 'user:alice']);
        assert.equal(one?.root.path, '/a');
      });
      assert.deepEqual(await paths('/a'), []);

      const t1 = await s.lastTid();
      const back = await s.write({ principal: 'test' }, (tx) =>
        tx.restoreTrash(ids.a, { parentUid: ids.dest, id: 'a2' }),
      );
      assert.equal(back.root.path, '/dest/a2');
      assert.equal(back.uids.length, 3);
      assert.ok((await s.changesSince(t1)).uids.includes(ids.c));
      await s.read(async (tx) => {
        const c = await tx.byPath('/dest/a2/b/c');
        assert.equal(c?.uid, ids.c);
        assert.equal(c?.parentUid, ids.b);
        assert.equal((await tx.byUid(ids.a))?.parentUid, ids.dest);
        assert.equal((await tx.trashEntries({ tokens: null, start: 0, limit: 10 })).total, 0);
        const visible = await tx.children(ids.dest, undefined, { tokens: ['user:alice'], activeAt: null });
        assert.deepEqual(
          visible.map((r) => r.id),
          ['a2'],
          'view tokens came back',
        );
      });
      assert.deepEqual(await paths('/dest/a2'), ['/dest/a2', '/dest/a2/b', '/dest/a2/b/c']);
    });

    test('a failed transaction leaves the subtree where it was', async () => {
      const a = await s.write({ principal: 'test' }, (tx) => add(tx, rootUid, 'keep'));
      await assert.rejects(
        s.write({ principal: 'test' }, async (tx) => {
          await tx.trashTree(a.uid, stamp());
          throw new Error('boom');
        }),
        /boom/,
      );
      assert.equal((await s.read((tx) => tx.byPath('/keep')))?.uid, a.uid);
      assert.equal(await s.read((tx) => tx.trashEntry(a.uid)), undefined);
    });

    test('purging by uid, by expiry, or all', async () => {
      const made = await s.write({ principal: 'test' }, async (tx) => {
        const out: string[] = [];
        for (const id of ['p1', 'p2', 'p3']) out.push((await add(tx, rootUid, id)).uid);
        await add(tx, out[0]!, 'p1-child');
        return out;
      });
      await s.write({ principal: 'test' }, async (tx) => {
        await tx.trashTree(made[0]!, stamp('2026-01-10T00:00:00.000Z'));
        await tx.trashTree(made[1]!, stamp('2026-03-01T00:00:00.000Z'));
        await tx.trashTree(made[2]!, stamp('2026-03-01T00:00:00.000Z'));
      });
      const expired = await s.write({ principal: 'test' }, (tx) =>
        tx.purgeTrash({ expiredAt: '2026-02-01T00:00:00.000Z' }),
      );
      assert.deepEqual(expired, { entries: 1, objects: 2 });
      const one = await s.write({ principal: 'test' }, (tx) => tx.purgeTrash({ uids: [made[1]!] }));
      assert.deepEqual(one, { entries: 1, objects: 1 });
      const rest = await s.write({ principal: 'test' }, (tx) => tx.purgeTrash({ all: true }));
      assert.equal(rest.entries, 1);
      assert.equal((await s.read((tx) => tx.trashEntries({ tokens: null, start: 0, limit: 10 }))).total, 0);
    });
  });
}
