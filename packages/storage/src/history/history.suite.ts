// The versions and locks contract (migration 0011), run from each adapter's
// test file: version numbering per object, metadata without data, versions
// kept when the object changes, locks replaced and removed, and nothing
// left behind by a transaction that fails.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { WriteTx } from '@tessera/core';
import { OPEN, type StorageFixture } from '../storage.suite.js';

const now = '2026-01-01T00:00:00+00:00';
let counter = 0;
const uid = () => `h${(++counter).toString().padStart(31, '0')}`;

export function historySuite(name: string, factory: () => Promise<StorageFixture>) {
  describe(`Versions and locks: ${name}`, () => {
    let fx: StorageFixture;
    let rootUid: string;
    before(async () => {
      fx = await factory();
      await fx.storage.migrate();
      rootUid = uid();
      await fx.storage.write({ principal: 'test' }, (tx) =>
        (tx as any).insertRoot({
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

    const add = (tx: WriteTx, id: string, data: Record<string, unknown>) =>
      tx.insert({
        uid: uid(),
        parentUid: rootUid,
        id,
        type: 'Document',
        created: now,
        modified: now,
        data,
        ...OPEN,
      });

    const version = (
      tx: WriteTx,
      rec: { uid: string; path: string },
      data: Record<string, unknown>,
      comment: string,
    ) =>
      tx.addVersion({
        uid: rec.uid,
        at: new Date().toISOString(),
        actor: 'alice',
        comment,
        path: rec.path,
        type: 'Document',
        data,
      });

    test('versions are numbered per object from 0, listed without data, read with it', async () => {
      const rec = await fx.storage.write({ principal: 'alice' }, async (tx) => {
        const r = await add(tx, 'versioned', { title: 'A' });
        assert.equal(await version(tx, r, { title: 'A' }, 'Initial version'), 0);
        return r;
      });
      const other = await fx.storage.write({ principal: 'alice' }, async (tx) => {
        const r = await add(tx, 'other', { title: 'O' });
        assert.equal(await version(tx, r, { title: 'O' }, ''), 0);
        return r;
      });
      const tid = await fx.storage.write({ principal: 'alice' }, async (tx) => {
        await tx.update(rec.uid, { data: { title: 'B' } });
        assert.equal(await version(tx, rec, { title: 'B', text: 'ü ✓' }, 'Second'), 1);
        return tx.tid;
      });
      const list = await fx.storage.read((tx) => tx.versions(rec.uid));
      assert.deepEqual(
        list.map((v) => [v.version, v.comment, v.actor, v.path, v.type]),
        [
          [0, 'Initial version', 'alice', '/versioned', 'Document'],
          [1, 'Second', 'alice', '/versioned', 'Document'],
        ],
      );
      assert.equal(list[1]!.tid, tid);
      assert.equal((list[0] as any).data, undefined);
      const v1 = await fx.storage.read((tx) => tx.version(rec.uid, 1));
      assert.deepEqual(v1?.data, { title: 'B', text: 'ü ✓' });
      assert.equal(v1?.uid, rec.uid);
      assert.equal(await fx.storage.read((tx) => tx.version(rec.uid, 7)), undefined);
      assert.equal((await fx.storage.read((tx) => tx.versions(other.uid))).length, 1);
      // No moves yet: no path changes.
      assert.deepEqual(await fx.storage.read((tx) => tx.pathChanges(rec.uid)), []);
    });

    test('path changes come from the revisions, with who and when', async () => {
      const rec = await fx.storage.write({ principal: 'alice' }, (tx) => add(tx, 'walker', { title: 'W' }));
      await fx.storage.write({ principal: 'alice' }, (tx) => tx.update(rec.uid, { data: { title: 'W2' } }));
      // No move operation in the port yet (another part adds it): move the row
      // underneath, then let an ordinary write record a revision at the new path.
      const db = (fx.storage as unknown as { db: any }).db;
      await db
        .updateTable('objects')
        .set({ path: '/walked', id: 'walked' })
        .where('uid', '=', rec.uid)
        .execute();
      const tid = await fx.storage.write({ principal: 'bob' }, async (tx) => {
        await tx.update(rec.uid, { data: { title: 'W3' } });
        return tx.tid;
      });
      const changes = await fx.storage.read((tx) => tx.pathChanges(rec.uid));
      assert.equal(changes.length, 1);
      assert.deepEqual(
        { ...changes[0], at: typeof changes[0]!.at },
        { tid, from: '/walker', to: '/walked', principal: 'bob', at: 'string' },
      );
    });

    test('a failed transaction leaves no version and no lock', async () => {
      const rec = await fx.storage.write({ principal: 'alice' }, (tx) => add(tx, 'failing', { title: 'F' }));
      await assert.rejects(
        fx.storage.write({ principal: 'alice' }, async (tx) => {
          await version(tx, rec, { title: 'F' }, 'lost');
          await tx.putLock({
            uid: rec.uid,
            token: 't',
            creator: 'alice',
            created: now,
            timeout: 60,
            stealable: true,
          });
          throw new Error('boom');
        }),
        /boom/,
      );
      assert.deepEqual(await fx.storage.read((tx) => tx.versions(rec.uid)), []);
      assert.equal(await fx.storage.read((tx) => tx.lock(rec.uid)), undefined);
    });

    test('one lock per object: taken, replaced, removed; others see the change', async () => {
      const rec = await fx.storage.write({ principal: 'alice' }, (tx) => add(tx, 'lockable', { title: 'L' }));
      const before = await fx.storage.lastTid();
      await fx.storage.write({ principal: 'alice' }, (tx) =>
        tx.putLock({
          uid: rec.uid,
          token: 'tok-1',
          creator: 'alice',
          created: now,
          timeout: 600,
          stealable: false,
        }),
      );
      assert.deepEqual(await fx.storage.read((tx) => tx.lock(rec.uid)), {
        uid: rec.uid,
        token: 'tok-1',
        creator: 'alice',
        created: now,
        timeout: 600,
        stealable: false,
      });
      // Caches of other processes learn that the object's serialization changed.
      assert.ok((await fx.storage.changesSince(before)).uids.includes(rec.uid));
      await fx.storage.write({ principal: 'bob' }, (tx) =>
        tx.putLock({
          uid: rec.uid,
          token: 'tok-2',
          creator: 'bob',
          created: now,
          timeout: 5,
          stealable: true,
        }),
      );
      const replaced = await fx.storage.read((tx) => tx.lock(rec.uid));
      assert.equal(replaced?.token, 'tok-2');
      assert.equal(replaced?.stealable, true);
      assert.equal(await fx.storage.write({ principal: 'bob' }, (tx) => tx.deleteLock(rec.uid)), true);
      assert.equal(await fx.storage.write({ principal: 'bob' }, (tx) => tx.deleteLock(rec.uid)), false);
      assert.equal(await fx.storage.read((tx) => tx.lock(rec.uid)), undefined);
    });
  });
}
