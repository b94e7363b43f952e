// Pack and check on each database and blob store, through the storage layer:
// what history and which blobs pack keeps, that it is idempotent and that a
// dry run changes nothing, and what damage check reports.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { ContentRecord } from '@tessera/core';
import type { KyselyStorage } from '../kysely-storage.js';
import { openMysql } from '../mysql/connect.js';
import { openPostgres } from '../postgres/connect.js';
import { openSqlite } from '../sqlite/connect.js';
import { OPEN } from '../storage.suite.js';
import { createMysqlDatabase, createPostgresDatabase } from '../test-databases.js';
import { checkIntegrity } from './check.js';
import { pack } from './pack.js';
import { planRevisions } from './revisions.js';
import { scanRows } from './scan.js';

interface Fixture {
  storage: KyselyStorage;
  blobDir?: string;
  cleanup(): Promise<void>;
}

const OLD = '2020-01-01T00:00:00.000Z';
const OLD_MS = Date.parse(OLD);
const created = '2020-01-01T00:00:00+00:00';
let counter = 0;
const uid = () => `p${(++counter).toString().padStart(31, '0')}`;

test('planRevisions: the state at the cutoff stays, deleted objects go whole', () => {
  const r = (uid: string, tid: number, deleted = false) => ({ uid, tid, deleted });
  const plans = planRevisions(
    [
      r('a', 1),
      r('a', 2),
      r('a', 3),
      r('a', 9),
      r('b', 2),
      r('b', 4, true),
      r('c', 5),
      r('d', 1),
      r('d', 2, true),
    ],
    new Set(['a', 'c', 'd']),
    5,
  );
  assert.deepEqual(plans, [
    { uid: 'a', below: 3, count: 2 },
    { uid: 'b', below: 6, count: 2 },
    // Deleted at the cutoff but existing now (restored under its uid): its deletion record stays.
    { uid: 'd', below: 2, count: 1 },
  ]);
});

function suite(name: string, factory: () => Promise<Fixture>) {
  describe(`pack and check: ${name}`, () => {
    let fx: Fixture;
    let s: KyselyStorage;
    const meta = { principal: 'test' };
    let root: ContentRecord;
    let a: ContentRecord;
    let b: ContentRecord;
    let c: ContentRecord;
    const tids: Record<string, number> = {};
    const hashes: Record<string, string> = {};

    const blobExists = async (hash: string) => (await s.read((tx) => tx.blobInfo(hash))) !== undefined;
    const revisionTids = async (u: string) => (await s.read((tx) => tx.revisions(u))).map((r) => r.tid);
    const count = async (
      table: 'revisions' | 'transactions' | 'image_scales' | 'blob_texts' | 'object_changes',
    ) =>
      Number(
        (
          await s.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirst()
        )?.n,
      );
    const file = (hash: string, size: number) => ({
      'content-type': 'text/plain',
      filename: 'f.txt',
      blob: hash,
      size,
    });

    before(async () => {
      fx = await factory();
      s = fx.storage;
      await s.migrate();
      for (const [k, text] of Object.entries({
        one: 'first version',
        two: 'second version',
        scaleOne: 'scale of the first',
        scaleTwo: 'scale of the second',
        youngOrphan: 'uploaded just now, not yet referenced',
        oldOrphan: 'uploaded long ago, never referenced',
        portrait: 'a portrait',
      }))
        hashes[k] = (await s.putBlob(Buffer.from(text))).hash;
      const size = (k: string) => (k === 'one' ? 13 : 14);
      root = await s.write(meta, (tx) =>
        tx.insertRoot({
          uid: uid(),
          id: 'site',
          type: 'Plone Site',
          created,
          modified: created,
          data: { title: 'Site' },
          ...OPEN,
        }),
      );
      const insert = (id: string, data: Record<string, unknown>) =>
        s.write(meta, (tx) =>
          tx.insert({
            uid: uid(),
            parentUid: root.uid,
            id,
            type: 'File',
            created,
            modified: created,
            data,
            ...OPEN,
          }),
        );
      a = await insert('a', { title: 'A1', file: file(hashes.one, size('one')) });
      tids.a1 = a.tid;
      tids.a2 = (
        await s.write(meta, (tx) => tx.update(a.uid, { data: { title: 'A2', file: file(hashes.two, 14) } }))
      ).tid;
      tids.a3 = (
        await s.write(meta, (tx) => tx.update(a.uid, { data: { title: 'A3', file: file(hashes.two, 14) } }))
      ).tid;
      b = await insert('b', { title: 'B' });
      await s.write(meta, (tx) => tx.deleteTree(b.uid));
      await s.write(meta, async (tx) => {
        await tx.putBlobText(hashes.one, 'first version', []);
        await tx.putUser({
          id: 'jane',
          login: 'jane',
          fullname: 'Jane',
          email: 'jane@example.org',
          passwordHash: 'x',
          roles: [],
          properties: {
            portrait: { hash: hashes.portrait, size: 10, contentType: 'image/png', filename: 'p.png' },
          },
        });
      });
      for (const [source, blob, size] of [
        [hashes.one, hashes.scaleOne, 18],
        [hashes.two, hashes.scaleTwo, 19],
      ] as const)
        await s.putImageScale({
          source,
          key: 'preview',
          blob,
          width: 1,
          height: 1,
          contentType: 'image/png',
          size,
        });
      await s.db.insertInto('object_changes').values({ tid: tids.a3, uid: a.uid }).execute();
      // Everything so far happened long ago.
      await s.db.updateTable('transactions').set({ at: OLD }).execute();
      c = await insert('c', { title: 'C' });
      await s.write(meta, (tx) => tx.deleteTree(c.uid));
      tids.a4 = (
        await s.write(meta, (tx) => tx.update(a.uid, { data: { title: 'A4', file: file(hashes.two, 14) } }))
      ).tid;
      // Blobs: all old but one; leftovers of uploads that died long ago and of one under way.
      await s.db.updateTable('blobs').set({ created: OLD }).where('hash', '!=', hashes.youngOrphan).execute();
      for (const key of [`tmp-${OLD_MS}-${randomUUID()}`, `tmp-${Date.now()}-${randomUUID()}`])
        await s.db
          .insertInto('blob_chunks')
          .values({ hash: key, seq: 0, data: Buffer.from('partial') })
          .execute();
      if (fx.blobDir) {
        for (const [k, h] of Object.entries(hashes))
          if (k !== 'youngOrphan')
            utimesSync(join(fx.blobDir, h.slice(0, 2), h.slice(2, 4), h), OLD_MS / 1000, OLD_MS / 1000);
        mkdirSync(join(fx.blobDir, 'tmp'), { recursive: true });
        writeFileSync(join(fx.blobDir, 'tmp', 'died'), 'partial');
        utimesSync(join(fx.blobDir, 'tmp', 'died'), OLD_MS / 1000, OLD_MS / 1000);
        writeFileSync(join(fx.blobDir, 'tmp', 'under-way'), 'partial');
      }
    });
    after(() => fx.cleanup());

    test('scans page through two-column keys, also across a key with more rows than a page', async () => {
      const all = await s.db
        .selectFrom('revisions')
        .select(['uid', 'tid'])
        .orderBy('uid')
        .orderBy('tid')
        .execute();
      for (const pageSize of [1, 2, 3, 500]) {
        const seen: string[] = [];
        for await (const r of scanRows<{ uid: string; tid: number }>(
          s.db,
          'revisions',
          [],
          ['uid', 'tid'],
          pageSize,
        ))
          seen.push(`${r.uid}/${r.tid}`);
        assert.deepEqual(
          seen,
          all.map((r) => `${r.uid}/${r.tid}`),
          `page size ${pageSize}`,
        );
      }
    });

    test('a dry run reports and changes nothing', async () => {
      const before = { revisions: await count('revisions'), transactions: await count('transactions') };
      const r = await pack(s, { days: 5, dryRun: true, blobDir: fx.blobDir });
      // A1, A2; B's insert and deletion.
      assert.equal(r.revisions.revisions, 4);
      assert.equal(r.revisions.forgotten, 1);
      assert.equal(r.blobs.blobs, 3, 'counts the blobs the removed history frees');
      assert.equal(r.transactions.transactions, 4);
      assert.deepEqual(
        { revisions: await count('revisions'), transactions: await count('transactions') },
        before,
      );
      for (const h of Object.values(hashes)) assert.ok(await blobExists(h));
    });

    test('pack keeps current and needed state, removes old history and unreferenced blobs', async () => {
      const lastBefore = await s.lastTid();
      const r = await pack(s, { days: 5, blobDir: fx.blobDir });
      assert.equal(r.revisions.revisions, 4);
      assert.deepEqual(
        await revisionTids(a.uid),
        [tids.a3, tids.a4],
        'A: its state at the cutoff, and after',
      );
      assert.deepEqual(await revisionTids(b.uid), [], 'B: deleted before the cutoff');
      assert.equal((await revisionTids(c.uid)).length, 2, 'C: deleted after the cutoff');
      assert.equal((await revisionTids(root.uid)).length, 1);
      // The state and files the site serves.
      const current = await s.read((tx) => tx.byUid(a.uid));
      assert.equal(current?.data.title, 'A4');
      assert.ok(await blobExists(hashes.two));
      assert.ok(await blobExists(hashes.scaleTwo), 'scales of referenced images stay');
      assert.ok(await blobExists(hashes.portrait), 'portraits stay');
      assert.ok(await blobExists(hashes.youngOrphan), 'young blobs stay');
      assert.ok(!(await blobExists(hashes.one)), 'a blob only packed-away revisions referred to goes');
      assert.ok(!(await blobExists(hashes.scaleOne)), 'the scale of a gone image goes');
      assert.ok(!(await blobExists(hashes.oldOrphan)));
      assert.equal(r.blobs.blobs, 3);
      assert.equal(r.blobs.bytes, 13 + 18 + 35);
      assert.equal(await count('image_scales'), 1);
      assert.equal(await count('blob_texts'), 0);
      assert.equal(await count('object_changes'), 0);
      assert.equal(r.blobs.leftovers, fx.blobDir ? 2 : 1);
      const chunkKeys = await s.db.selectFrom('blob_chunks').select('hash').distinct().execute();
      assert.equal(
        chunkKeys.filter((k) => k.hash.startsWith('tmp-')).length,
        1,
        'the upload under way keeps its chunks',
      );
      // Transactions: the ones nothing refers to any more went; the newest is the pack's marker.
      const left = new Set(
        (await s.db.selectFrom('transactions').select('tid').execute()).map((t) => Number(t.tid)),
      );
      assert.ok(!left.has(tids.a1) && !left.has(tids.a2));
      assert.ok(left.has(tids.a3) && left.has(tids.a4) && left.has(root.tid));
      assert.ok((await s.lastTid()) > lastBefore);
      assert.equal((await s.read((tx) => tx.getSetting<{ days: number }>('last_pack')))?.days, 5);
      const report = await checkIntegrity({ db: s.db, caps: s.caps, blobDir: fx.blobDir });
      assert.deepEqual(report.problems, []);

      const again = await pack(s, { days: 5, blobDir: fx.blobDir });
      assert.equal(again.revisions.revisions, 0);
      assert.equal(again.blobs.blobs, 0);
    });

    test('a blob stored again after being marked old is not collected', async () => {
      const { hash } = await s.putBlob(Buffer.from('stored twice'));
      await s.db.updateTable('blobs').set({ created: OLD }).where('hash', '=', hash).execute();
      if (fx.blobDir)
        utimesSync(join(fx.blobDir, hash.slice(0, 2), hash.slice(2, 4), hash), OLD_MS / 1000, OLD_MS / 1000);
      await s.putBlob(Buffer.from('stored twice'));
      const r = await pack(s, { days: 5, blobDir: fx.blobDir });
      assert.equal(r.blobs.blobs, 0);
      assert.ok(await blobExists(hash));
    });

    test('a large unreferenced blob goes with all its chunks, over several batches', async (t) => {
      if (fx.blobDir) return t.skip('blobs as files');
      const { hash } = await s.putBlob(Buffer.alloc(17 * 1024 * 1024, 7));
      await s.db.updateTable('blobs').set({ created: OLD }).where('hash', '=', hash).execute();
      const r = await pack(s, { days: 5, blobDir: fx.blobDir });
      assert.equal(r.blobs.blobs, 1);
      assert.equal(r.blobs.bytes, 17 * 1024 * 1024);
      const left = await s.db.selectFrom('blob_chunks').select('seq').where('hash', '=', hash).execute();
      assert.deepEqual(left, []);
    });

    test('check reports damage', async () => {
      const folder = await s.write(meta, (tx) =>
        tx.insert({
          uid: uid(),
          parentUid: root.uid,
          id: 'f',
          type: 'Folder',
          created,
          modified: created,
          data: {},
          ...OPEN,
        }),
      );
      const child = await s.write(meta, (tx) =>
        tx.insert({
          uid: uid(),
          parentUid: folder.uid,
          id: 'd',
          type: 'Document',
          created,
          modified: created,
          data: {},
          ...OPEN,
        }),
      );
      assert.deepEqual((await checkIntegrity({ db: s.db, caps: s.caps, blobDir: fx.blobDir })).problems, []);
      // The folder's row vanishes (its catalog entry stays), A loses its catalog entry and its file.
      await s.db.deleteFrom('objects').where('uid', '=', folder.uid).execute();
      await s.db.deleteFrom('catalog').where('uid', '=', a.uid).execute();
      if (fx.blobDir) rmSync(join(fx.blobDir, hashes.two.slice(0, 2), hashes.two.slice(2, 4), hashes.two));
      else await s.db.deleteFrom('blob_chunks').where('hash', '=', hashes.two).execute();
      const { problems } = await checkIntegrity({ db: s.db, caps: s.caps, blobDir: fx.blobDir });
      const text = problems.map((p) => `${p.level}: ${p.area}: ${p.message}`).join('\n');
      assert.ok(problems.every((p) => p.level === 'error'));
      assert.match(
        text,
        new RegExp(`tree: /f/d \\(uid ${child.uid}\\): its parent ${folder.uid} does not exist`),
      );
      assert.match(text, new RegExp(`catalog: /a \\(uid ${a.uid}\\) has no catalog entry`));
      assert.match(text, new RegExp(`catalog: catalog entry for /f \\(uid ${folder.uid}\\) has no object`));
      assert.match(text, /object_view rows belong to no objects row/);
      assert.match(text, new RegExp(`blobs: blob ${hashes.two} (is missing|\\(.*\\) has 0 of its 1 chunks)`));
      assert.match(text, /\/a; revision/, 'names who refers to it');

      // --checksums: same size, other bytes.
      const { hash } = await s.putBlob(Buffer.from('original bytes'));
      await s.write(meta, (tx) => tx.update(child.uid, { data: { file: file(hash, 14) } }));
      if (fx.blobDir)
        writeFileSync(join(fx.blobDir, hash.slice(0, 2), hash.slice(2, 4), hash), 'tampered bytes');
      else
        await s.db
          .updateTable('blob_chunks')
          .set({ data: Buffer.from('tampered bytes') })
          .where('hash', '=', hash)
          .execute();
      const plain = await checkIntegrity({ db: s.db, caps: s.caps, blobDir: fx.blobDir });
      assert.ok(
        !plain.problems.some((p) => p.message.includes(`${hash} (`) && p.message.includes('damaged')),
      );
      const deep = await checkIntegrity({ db: s.db, caps: s.caps, blobDir: fx.blobDir }, { checksums: true });
      assert.ok(
        deep.problems.some((p) => p.message.startsWith(`blob ${hash}`) && p.message.includes('damaged')),
      );
    });
  });
}

const tempDir = () => mkdtempSync(join(tmpdir(), 'tessera-pack-'));

suite('sqlite, blobs as files', async () => {
  const dir = tempDir();
  const blobDir = join(dir, 'blobs');
  const storage = openSqlite(join(dir, 'test.db'), { blobDir });
  return {
    storage,
    blobDir,
    cleanup: async () => {
      await storage.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
suite('postgres, blobs in the database', async () => {
  const database = await createPostgresDatabase();
  const storage = openPostgres(database.url);
  return {
    storage,
    cleanup: async () => {
      await storage.close();
      await database.drop();
    },
  };
});
suite('mariadb, blobs in the database', async () => {
  const database = await createMysqlDatabase();
  const storage = openMysql(database.url);
  return {
    storage,
    cleanup: async () => {
      await storage.close();
      await database.drop();
    },
  };
});
suite('postgres, blobs as files', async () => {
  const dir = tempDir();
  const blobDir = join(dir, 'blobs');
  const database = await createPostgresDatabase();
  const storage = openPostgres(database.url, { blobDir });
  return {
    storage,
    blobDir,
    cleanup: async () => {
      await storage.close();
      await database.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
