// The shared Storage suite: every adapter (SQLite, PostgreSQL, MariaDB) must
// pass these same tests. Call `storageSuite(name, factory)` from an adapter's
// test file; the factory returns a fresh, empty, migrated storage and a
// cleanup function.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { Storage, WriteTx } from '@tessera/core';
import { NESTING_GUARD, type RootWriteTx } from './kysely-storage.js';

export interface StorageFixture {
  storage: Storage;
  cleanup(): Promise<void>;
}

const now = '2026-01-01T00:00:00+00:00';
let counter = 0;
const uid = () => `u${(++counter).toString().padStart(31, '0')}`;

/** Security of an object anyone may view, open publication window. */
export const OPEN = {
  security: { local: {}, perms: {} },
  view: ['Anonymous'],
  effective: null,
  expires: null,
};

export function storageSuite(name: string, factory: () => Promise<StorageFixture>) {
  describe(`Storage adapter: ${name}`, () => {
    let fx: StorageFixture;
    let rootUid: string;
    before(async () => {
      fx = await factory();
      await fx.storage.migrate();
      rootUid = uid();
      await fx.storage.write({ principal: 'test' }, async (tx) => {
        await (tx as RootWriteTx).insertRoot({
          uid: rootUid,
          id: 'site',
          type: 'Plone Site',
          created: now,
          modified: now,
          data: { title: 'Site' },
          ...OPEN,
        });
      });
    });
    after(() => fx.cleanup());

    const add = (tx: WriteTx, parentUid: string, id: string, data: Record<string, unknown> = {}) =>
      tx.insert({ uid: uid(), parentUid, id, type: 'Document', created: now, modified: now, data, ...OPEN });

    test('migrate is idempotent', async () => {
      const v1 = await fx.storage.migrate();
      const v2 = await fx.storage.migrate();
      assert.equal(v1, v2);
    });

    test('insert, resolve by path and uid, children in order, ancestors', async () => {
      const folder = await fx.storage.write({ principal: 'test' }, async (tx) => {
        const f = await add(tx, rootUid, 'folder', { title: 'F' });
        for (const id of ['a', 'b', 'c']) await add(tx, f.uid, id, { title: id.toUpperCase() });
        return f;
      });
      await fx.storage.read(async (tx) => {
        const byPath = await tx.byPath('/folder/b');
        assert.equal(byPath?.data.title, 'B');
        assert.equal((await tx.byUid(byPath!.uid))?.path, '/folder/b');
        assert.deepEqual(
          (await tx.children(folder.uid)).map((c) => c.id),
          ['a', 'b', 'c'],
        );
        assert.deepEqual(
          (await tx.children(folder.uid, { start: 1, limit: 1 })).map((c) => c.id),
          ['b'],
        );
        assert.equal(await tx.countChildren(folder.uid), 3);
        assert.equal(await tx.childIdExists(folder.uid, 'c'), true);
        assert.equal(await tx.childIdExists(folder.uid, 'z'), false);
        assert.deepEqual(
          (await tx.ancestors('/folder/b')).map((a) => a.path),
          ['', '/folder'],
        );
      });
    });

    test('every commit gets a higher tid; every revision is kept', async () => {
      const t0 = await fx.storage.lastTid();
      const doc = await fx.storage.write({ principal: 'test' }, (tx) =>
        add(tx, rootUid, 'rev', { title: 'v1' }),
      );
      const t1 = await fx.storage.lastTid();
      assert.ok(t1 > t0);
      await fx.storage.write({ principal: 'test' }, (tx) => tx.update(doc.uid, { data: { title: 'v2' } }));
      const t2 = await fx.storage.lastTid();
      assert.ok(t2 > t1);
      const revs = await fx.storage.read((tx) => tx.revisions(doc.uid));
      assert.deepEqual(
        revs.map((r) => r.data.title),
        ['v1', 'v2'],
      );
      assert.deepEqual(
        revs.map((r) => r.tid),
        [t1, t2],
      );
    });

    test('a failing write commits nothing', async () => {
      const before = await fx.storage.lastTid();
      await assert.rejects(
        fx.storage.write({ principal: 'test' }, async (tx) => {
          await add(tx, rootUid, 'half-written');
          throw new Error('boom');
        }),
        /boom/,
      );
      assert.equal(await fx.storage.read((tx) => tx.byPath('/half-written')), undefined);
      assert.equal(await fx.storage.lastTid(), before);
    });

    test('concurrent writes: each commits or fails alone, tids are distinct and in commit order', async () => {
      const results = await Promise.allSettled(
        Array.from({ length: 20 }, (_, i) =>
          fx.storage.write({ principal: 'test' }, async (tx) => {
            await add(tx, rootUid, `burst-${i}`, { n: i });
            if (i === 7) throw new Error('job 7 fails');
            return tx.tid;
          }),
        ),
      );
      const failed = results.filter((r) => r.status === 'rejected');
      assert.equal(failed.length, 1);
      const tids = results
        .filter((r) => r.status === 'fulfilled')
        .map((r) => (r as PromiseFulfilledResult<number>).value);
      assert.equal(new Set(tids).size, 19, 'every write has its own tid');
      await fx.storage.read(async (tx) => {
        assert.equal(await tx.byPath('/burst-7'), undefined, 'the failed write left nothing');
        for (const i of [0, 6, 8, 19]) assert.ok(await tx.byPath(`/burst-${i}`), `burst-${i} is there`);
      });
      assert.equal(await fx.storage.lastTid(), Math.max(...tids));
    });

    test('compiled-once queries take new values on every run', async () => {
      // The hot queries are compiled once per storage (prepared.ts): run each
      // with several different values and check every answer.
      const folder = await fx.storage.write({ principal: 'test' }, async (tx) => {
        const f = await add(tx, rootUid, 'prep', { title: 'P' });
        const sub = await tx.insert({
          uid: uid(),
          parentUid: f.uid,
          id: 'sub',
          type: 'Folder',
          created: now,
          modified: now,
          data: {},
          ...OPEN,
        });
        for (let i = 0; i < 5; i++) await add(tx, f.uid, `p${i}`, { n: i });
        await add(tx, sub.uid, 'deep', { n: 'deep' });
        return f;
      });
      // A parent this transaction has not read yet: its path comes from the database.
      const late = await fx.storage.write({ principal: 'test' }, (tx) => add(tx, folder.uid, 'late'));
      assert.equal(late.path, '/prep/late');
      assert.equal(late.position, 6);
      const seen = await fx.storage.read(async (tx) => {
        for (let i = 0; i < 5; i++) {
          const rec = await tx.byPath(`/prep/p${i}`);
          assert.equal(rec?.data.n, i);
          assert.equal(rec?.position, i + 1);
          assert.equal((await tx.byUid(rec!.uid))?.id, `p${i}`);
        }
        assert.equal(await tx.byPath('/prep/nothing'), undefined);
        assert.deepEqual(
          (await tx.children(folder.uid, { start: 2, limit: 2 })).map((c) => c.id),
          ['p1', 'p2'],
        );
        assert.deepEqual(
          (await tx.children(folder.uid, { start: 5, limit: 10 })).map((c) => c.id),
          ['p4', 'late'],
        );
        assert.equal(await tx.countChildren(folder.uid), 7);
        const sub = await tx.byPath('/prep/sub');
        assert.equal(await tx.countChildren(sub!.uid), 1);
        // One id, a hundred ids, and more than are compiled ahead (built on the fly).
        assert.deepEqual([...(await tx.childIdsAmong(folder.uid, ['p3']))], ['p3']);
        const hundred = Array.from({ length: 100 }, (_, i) => `p${i}`);
        assert.deepEqual([...(await tx.childIdsAmong(folder.uid, hundred))].sort(), [
          'p0',
          'p1',
          'p2',
          'p3',
          'p4',
        ]);
        const many = [...hundred, ...Array.from({ length: 200 }, (_, i) => `x${i}`), 'late'];
        assert.equal((await tx.childIdsAmong(folder.uid, many)).size, 6);
        assert.equal((await tx.childIdsAmong(sub!.uid, hundred)).size, 0);
        assert.deepEqual(
          (await tx.ancestors('/prep/sub/deep')).map((a) => a.path),
          ['', '/prep', '/prep/sub'],
        );
        assert.deepEqual(
          (await tx.ancestors('/prep/p1')).map((a) => a.path),
          ['', '/prep'],
        );
        return tx.lastTid();
      });
      assert.equal(seen, await fx.storage.lastTid());
      // update() of two objects in one transaction, then of one again.
      await fx.storage.write({ principal: 'test' }, async (tx) => {
        const a = await tx.byPath('/prep/p0');
        const b = await tx.byPath('/prep/p1');
        await tx.update(a!.uid, { data: { n: 'a' }, modified: '2026-02-01T00:00:00+00:00' });
        await tx.update(b!.uid, { data: { n: 'b' } });
        await tx.update(a!.uid, { data: { n: 'a2' } });
      });
      await fx.storage.read(async (tx) => {
        const a = await tx.byPath('/prep/p0');
        assert.equal(a?.data.n, 'a2');
        assert.equal(a?.modified, '2026-02-01T00:00:00+00:00');
        assert.equal((await tx.byPath('/prep/p1'))?.data.n, 'b');
        assert.deepEqual(
          (await tx.revisions(a!.uid)).map((r) => r.data.n),
          [0, 'a2'],
        );
      });
    });

    test('insert below a parent that does not exist, or was deleted in the same transaction, fails', async () => {
      await assert.rejects(
        fx.storage.write({ principal: 'test' }, (tx) => add(tx, 'no-such-parent', 'orphan')),
        /does not exist/,
      );
      await assert.rejects(
        fx.storage.write({ principal: 'test' }, async (tx) => {
          const f = await add(tx, rootUid, 'doomed');
          await tx.deleteTree(f.uid);
          await add(tx, f.uid, 'orphan');
        }),
        /does not exist/,
      );
      assert.equal(await fx.storage.read((tx) => tx.byPath('/doomed')), undefined);
    });

    test('changesSince reports the changed objects and their parents', async () => {
      const folder = await fx.storage.write({ principal: 'test' }, (tx) => add(tx, rootUid, 'watched'));
      const t0 = await fx.storage.lastTid();
      await fx.storage.changesSince(t0);
      const child = await fx.storage.write({ principal: 'test' }, (tx) => add(tx, folder.uid, 'kid'));
      const created = await fx.storage.changesSince(t0);
      assert.ok(created.uids.includes(child.uid));
      assert.ok(created.uids.includes(folder.uid), 'the parent whose listing changed');
      assert.ok(!created.uids.includes(rootUid), 'not the grandparent');
      const t1 = await fx.storage.lastTid();
      await fx.storage.write({ principal: 'test' }, (tx) => tx.deleteTree(child.uid));
      const deleted = await fx.storage.changesSince(t1);
      assert.deepEqual(new Set(deleted.uids), new Set([child.uid, folder.uid]));
    });

    test('ids are unique per parent', async () => {
      await fx.storage.write({ principal: 'test' }, (tx) => add(tx, rootUid, 'unique'));
      await assert.rejects(fx.storage.write({ principal: 'test' }, (tx) => add(tx, rootUid, 'unique')));
    });

    test('setOrder and deleteTree (revisions of deleted objects stay)', async () => {
      const folder = await fx.storage.write({ principal: 'test' }, async (tx) => {
        const f = await add(tx, rootUid, 'tree');
        const sub = await tx.insert({
          uid: uid(),
          parentUid: f.uid,
          id: 'sub',
          type: 'Folder',
          created: now,
          modified: now,
          data: {},
          ...OPEN,
        });
        await add(tx, sub.uid, 'leaf');
        await add(tx, f.uid, 'x');
        return f;
      });
      await fx.storage.write({ principal: 'test' }, (tx) => tx.setOrder(folder.uid, ['x', 'sub']));
      assert.deepEqual(
        (await fx.storage.read((tx) => tx.children(folder.uid))).map((c) => c.id),
        ['x', 'sub'],
      );
      const leaf = await fx.storage.read((tx) => tx.byPath('/tree/sub/leaf'));
      const removed = await fx.storage.write({ principal: 'test' }, (tx) => tx.deleteTree(folder.uid));
      assert.equal(removed.length, 4);
      assert.equal(await fx.storage.read((tx) => tx.byPath('/tree/sub/leaf')), undefined);
      const revs = await fx.storage.read((tx) => tx.revisions(leaf!.uid));
      assert.equal(revs.at(-1)?.deleted, true);
      // A sibling whose id merely starts with the same letters is untouched.
      await fx.storage.write({ principal: 'test' }, (tx) => add(tx, rootUid, 'tree_'));
      assert.ok(await fx.storage.read((tx) => tx.byPath('/tree_')));
    });

    test('blobs: content-addressed, chunked, streamed back', async () => {
      const bytes = randomBytes(3 * 1024 * 1024 + 5);
      async function* parts() {
        for (let i = 0; i < bytes.length; i += 100_000) yield bytes.subarray(i, i + 100_000);
      }
      const a = await fx.storage.write({ principal: 'test' }, (tx) => tx.putBlob(parts()));
      const b = await fx.storage.write({ principal: 'test' }, (tx) => tx.putBlob(bytes));
      assert.equal(a.hash, b.hash);
      assert.equal(a.size, bytes.length);
      const stream = await fx.storage.read(async (tx) => tx.openBlob(a.hash));
      const chunks: Buffer[] = [];
      for await (const c of stream) chunks.push(c as Buffer);
      assert.ok(chunks.length >= 3, 'read in several pieces, never whole');
      assert.ok(Buffer.concat(chunks).equals(bytes));
    });

    test('settings, types and users round-trip', async () => {
      await fx.storage.write({ principal: 'test' }, async (tx) => {
        await tx.setSetting('k', { a: [1, 2] });
        await tx.setSetting('k', { a: [3] });
        await tx.putType('T', { id: 'T', title: 'Tee' });
        await tx.putUser({
          id: 'jane',
          login: 'jane@example.org',
          fullname: 'Jane',
          email: 'jane@example.org',
          passwordHash: 'x',
          roles: ['Editor'],
        });
      });
      await fx.storage.read(async (tx) => {
        assert.deepEqual(await tx.getSetting('k'), { a: [3] });
        assert.deepEqual((await tx.listTypes()).find((t) => t.name === 'T')?.def, { id: 'T', title: 'Tee' });
        assert.deepEqual((await tx.userByLogin('jane@example.org'))?.roles, ['Editor']);
        assert.equal((await tx.userById('jane'))?.fullname, 'Jane');
      });
      await fx.storage.write({ principal: 'test' }, (tx) => tx.deleteType('T'));
      assert.equal(
        (await fx.storage.read((tx) => tx.listTypes())).find((t) => t.name === 'T'),
        undefined,
      );
    });

    test('users: profile properties, token generation, partial updates keep them', async () => {
      const base = {
        id: 'prop-user',
        login: 'prop',
        fullname: 'Prop User',
        email: 'prop@example.org',
        passwordHash: 'x',
        roles: ['Member'],
      };
      await fx.storage.write({ principal: 'test' }, (tx) =>
        tx.putUser({ ...base, properties: { location: 'Bonn', nested: { a: [1] } }, tokenGen: 41 }),
      );
      await fx.storage.write({ principal: 'test' }, (tx) => tx.putUser({ ...base, fullname: 'Renamed' }));
      const u = await fx.storage.read((tx) => tx.userById('prop-user'));
      assert.equal(u?.fullname, 'Renamed');
      assert.deepEqual(u?.properties, { location: 'Bonn', nested: { a: [1] } });
      assert.equal(u?.tokenGen, 41);
      await fx.storage.write({ principal: 'test' }, (tx) =>
        tx.putUser({ ...base, id: 'fresh-user', login: 'fresh' }),
      );
      const fresh = await fx.storage.read((tx) => tx.userById('fresh-user'));
      assert.deepEqual(fresh?.properties, {});
      assert.equal(fresh?.tokenGen, 0);
    });

    test('listUsers: case-insensitive substring search; wildcards are literal', async () => {
      await fx.storage.write({ principal: 'test' }, async (tx) => {
        for (const [id, fullname, email] of [
          ['noam', 'Noam Avram Chomsky', 'noam@example.com'],
          ['ada', 'Ada Lovelace', 'ada@example.com'],
          ['under_score', 'Percent 100%', 'u@example.com'],
        ])
          await tx.putUser({ id, login: id, fullname, email, passwordHash: 'x', roles: [] });
      });
      const ids = async (q: Parameters<WriteTx['listUsers']>[0]) =>
        (await fx.storage.read((tx) => tx.listUsers(q))).map((u) => u.id).sort();
      assert.deepEqual(await ids({ search: 'AVRAM' }), ['noam']);
      assert.deepEqual(await ids({ search: 'ada@EXAMPLE' }), ['ada']);
      assert.deepEqual(await ids({ search: '_' }), ['under_score']);
      assert.deepEqual(await ids({ search: '100%' }), ['under_score']);
      assert.deepEqual(await ids({ idContains: 'oam' }), ['noam']);
      assert.deepEqual(await ids({ idContains: 'lovelace' }), [], 'idContains ignores the fullname');
      assert.equal((await ids({ limit: 2 })).length, 2);
    });

    test('groups: built-in ones, nested membership, deletion cleans memberships', async () => {
      const builtin = await fx.storage.read((tx) => tx.listGroups());
      for (const id of ['Administrators', 'Site Administrators', 'Reviewers', 'AuthenticatedUsers'])
        assert.ok(
          builtin.some((g) => g.id === id),
          `${id} exists`,
        );
      assert.deepEqual((await fx.storage.read((tx) => tx.groupById('Administrators')))?.roles, ['Manager']);
      await fx.storage.write({ principal: 'test' }, async (tx) => {
        await tx.putUser({ id: 'gm', login: 'gm', fullname: '', email: '', passwordHash: 'x', roles: [] });
        await tx.putGroup({
          id: 'team',
          title: 'The Team',
          description: 'd',
          email: 't@x',
          roles: ['Editor'],
        });
        await tx.putGroup({ id: 'outer', title: 'Outer', description: '', email: '', roles: [] });
        await tx.addMember('team', 'user', 'gm');
        await tx.addMember('team', 'user', 'gm'); // idempotent
        await tx.addMember('outer', 'group', 'team');
      });
      await fx.storage.read(async (tx) => {
        assert.deepEqual(await tx.groupMembers('team'), [{ kind: 'user', id: 'gm' }]);
        assert.deepEqual(await tx.memberOf('user', 'gm'), ['team']);
        assert.deepEqual(await tx.memberOf('group', 'team'), ['outer']);
        assert.deepEqual(
          (await tx.listGroups({ search: 'THE TE' })).map((g) => g.id),
          ['team'],
        );
      });
      const before = await fx.storage.lastTid();
      await fx.storage.write({ principal: 'test' }, (tx) => tx.deleteGroup('team'));
      const ch = await fx.storage.changesSince(before);
      assert.equal(ch.users, true, 'a deletion is reported as a principals change');
      await fx.storage.read(async (tx) => {
        assert.equal(await tx.groupById('team'), undefined);
        assert.deepEqual(await tx.memberOf('user', 'gm'), []);
        assert.deepEqual(await tx.groupMembers('outer'), []);
      });
      await fx.storage.write({ principal: 'test' }, async (tx) => {
        await tx.addMember('outer', 'user', 'gm');
        await tx.removeMember('outer', 'user', 'gm');
      });
      assert.deepEqual(await fx.storage.read((tx) => tx.groupMembers('outer')), []);
    });

    test('password resets by token hash; deleting a user removes them and its memberships', async () => {
      await fx.storage.write({ principal: 'test' }, async (tx) => {
        await tx.putUser({
          id: 'resetme',
          login: 'resetme',
          fullname: '',
          email: '',
          passwordHash: 'x',
          roles: [],
        });
        await tx.addMember('Reviewers', 'user', 'resetme');
        await tx.putPasswordReset('a'.repeat(64), { userId: 'resetme', expires: '2030-01-01T00:00:00.000Z' });
        await tx.putPasswordReset('b'.repeat(64), { userId: 'resetme', expires: '2030-01-01T00:00:00.000Z' });
      });
      assert.deepEqual(await fx.storage.read((tx) => tx.passwordReset('a'.repeat(64))), {
        userId: 'resetme',
        expires: '2030-01-01T00:00:00.000Z',
      });
      await fx.storage.write({ principal: 'test' }, (tx) =>
        tx.deletePasswordResets({ tokenHash: 'a'.repeat(64) }),
      );
      assert.equal(await fx.storage.read((tx) => tx.passwordReset('a'.repeat(64))), undefined);
      const before = await fx.storage.lastTid();
      assert.equal(await fx.storage.write({ principal: 'test' }, (tx) => tx.deleteUser('resetme')), true);
      assert.equal((await fx.storage.changesSince(before)).users, true);
      await fx.storage.read(async (tx) => {
        assert.equal(await tx.userById('resetme'), undefined);
        assert.equal(await tx.passwordReset('b'.repeat(64)), undefined);
        assert.equal((await tx.groupMembers('Reviewers')).length, 0);
      });
      assert.equal(await fx.storage.write({ principal: 'test' }, (tx) => tx.deleteUser('resetme')), false);
    });

    test('revoked sessions are listed until they expire, expired ones are dropped', async () => {
      const before = await fx.storage.lastTid();
      await fx.storage.write({ principal: 'test' }, async (tx) => {
        await tx.revokeSession({ sid: 'old', userId: 'u', expires: '2000-01-01T00:00:00.000Z' });
        await tx.revokeSession({ sid: 'live', userId: 'u', expires: '2999-01-01T00:00:00.000Z' });
        await tx.revokeSession({ sid: 'live', userId: 'u', expires: '2999-01-02T00:00:00.000Z' });
      });
      assert.equal((await fx.storage.changesSince(before)).users, true);
      assert.deepEqual(await fx.storage.read((tx) => tx.revokedSessions(new Date().toISOString())), ['live']);
      await fx.storage.write({ principal: 'test' }, (tx) =>
        tx.revokeSession({ sid: 'other', userId: 'u', expires: '2999-01-01T00:00:00.000Z' }),
      );
      const all = await fx.storage.read((tx) => tx.revokedSessions('1999-01-01T00:00:00.000Z'));
      assert.deepEqual(all.sort(), ['live', 'other'], 'the expired one was dropped');
    });

    test('transactions do not nest (guard on with NODE_ENV=test)', { skip: !NESTING_GUARD }, async () => {
      await assert.rejects(
        fx.storage.read(() => fx.storage.read(async () => 1)),
        /do not nest/,
      );
    });
  });
}
