// The shared links-table suite (migration 0012): every adapter keeps the
// links of an object in step with its writes, by UID, and answers link
// queries the same way. Called from each adapter's test file.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Storage, WriteTx } from '@tessera/core';
import type { KyselyStorage, RootWriteTx } from '../kysely-storage.js';
import { OPEN, type StorageFixture } from '../storage.suite.js';
import { backfillLinks } from './backfill.js';

const now = '2026-01-01T00:00:00+00:00';
let counter = 0;
const uid = () => `l${(++counter).toString().padStart(31, '0')}`;

export function linksSuite(name: string, factory: () => Promise<StorageFixture>) {
  describe(`Links table: ${name}`, () => {
    let fx: StorageFixture;
    let s: Storage;
    const u: Record<string, string> = {};

    const add = (
      tx: WriteTx,
      parent: string,
      id: string,
      data: Record<string, unknown> = {},
      view = ['Anonymous'],
    ) =>
      tx.insert({
        uid: uid(),
        parentUid: parent,
        id,
        type: 'Document',
        created: now,
        modified: now,
        data,
        ...OPEN,
        view,
      });
    const shown = (
      rows: Array<{ relation: string; sourcePath: string; targetPath: string; attribute: string }>,
    ) => rows.map((r) => `${r.sourcePath} -${r.relation}/${r.attribute}-> ${r.targetPath}`);

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
        u.root = root.uid;
        u.b = (await add(tx, root.uid, 'b')).uid;
        u.c = (
          await tx.insert({
            ...OPEN,
            uid: uid(),
            parentUid: root.uid,
            id: 'c',
            type: 'Folder',
            created: now,
            modified: now,
            data: {},
          })
        ).uid;
        u.d = (await add(tx, u.c, 'd')).uid;
        u.a = (
          await add(tx, root.uid, 'a', {
            relatedItems: [u.b],
            text: {
              'content-type': 'text/html',
              encoding: 'utf-8',
              data: `<a href="resolveuid/${u.d}">d</a> <a href="/c">c</a>`,
            },
            blocks: {
              x: { '@type': 'slate', value: [{ type: 'link', data: { url: '/c/d' }, children: [] }] },
            },
          })
        ).uid;
        u.secret = (await add(tx, root.uid, 'secret', { relatedItems: [u.d] }, ['Manager'])).uid;
      });
    });
    after(() => fx.cleanup());

    test('migration 0012 fills the table from the content already stored', async () => {
      const db = (s as KyselyStorage).db;
      const before = await db
        .selectFrom('links')
        .selectAll()
        .orderBy('source_uid')
        .orderBy('attribute')
        .execute();
      await db.deleteFrom('links').execute();
      const filled = await backfillLinks(db);
      assert.equal(filled.links, before.length);
      const after = await db
        .selectFrom('links')
        .selectAll()
        .orderBy('source_uid')
        .orderBy('attribute')
        .execute();
      assert.deepEqual(
        after.map((r) => Object.values(r).join('|')).sort(),
        before.map((r) => Object.values(r).join('|')).sort(),
      );
    });

    test('a write records relation fields, rich text and block links by UID', async () => {
      const rows = await s.read((tx) => tx.links({ source: u.a }));
      assert.deepEqual(shown(rows), [
        '/a -isReferencing/text-> /c',
        '/a -isReferencing/blocks-> /c/d',
        '/a -isReferencing/text-> /c/d',
        '/a -relatedItems/relatedItems-> /b',
      ]);
      assert.ok(rows.every((r) => r.source === u.a));
      assert.deepEqual(
        (await s.read((tx) => tx.links({ target: u.d, relation: 'relatedItems' }))).map((r) => r.source),
        [u.secret],
      );
    });

    test('the view filter hides links whose source or target one may not see', async () => {
      const anon = { tokens: ['Anonymous'], activeAt: null };
      const all = await s.read((tx) => tx.links({ target: u.d }));
      const seen = await s.read((tx) => tx.links({ target: u.d }, anon));
      assert.equal(all.length, 3);
      assert.deepEqual(
        seen.map((r) => r.sourcePath),
        ['/a', '/a'],
      );
      const stats = await s.read((tx) => tx.linkStats(anon));
      assert.deepEqual(stats.stats, { isReferencing: 3, relatedItems: 1 });
    });

    test('incoming links of a subtree leave out links from inside it', async () => {
      await s.write({ principal: 'test' }, (tx) => tx.update(u.d, { data: { relatedItems: [u.c] } }));
      const rows = await s.read((tx) => tx.incomingLinks(['/c']));
      assert.deepEqual(shown(rows), [
        '/a -isReferencing/text-> /c',
        '/a -isReferencing/blocks-> /c/d',
        '/a -isReferencing/text-> /c/d',
        '/secret -relatedItems/relatedItems-> /c/d',
      ]);
      assert.deepEqual(await s.read((tx) => tx.incomingLinks([])), []);
    });

    test('an edit replaces derived rows and keeps standalone relations', async () => {
      await s.write({ principal: 'test' }, async (tx) => {
        assert.equal(
          await tx.addLink({ source: u.a, target: u.b, relation: 'comprisesComponentPart', attribute: '' }),
          true,
        );
        assert.equal(
          await tx.addLink({ source: u.a, target: u.b, relation: 'comprisesComponentPart', attribute: '' }),
          false,
        );
        await tx.update(u.a, { data: { relatedItems: [] } });
      });
      assert.deepEqual(shown(await s.read((tx) => tx.links({ source: u.a }))), [
        '/a -comprisesComponentPart/-> /b',
      ]);
      await s.write({ principal: 'test' }, (tx) =>
        tx.removeLinks({ source: u.a, relation: 'comprisesComponentPart' }),
      );
      assert.deepEqual(await s.read((tx) => tx.links({ source: u.a })), []);
    });

    test('deleted objects drop out; links to them count as broken; rebuild re-extracts', async () => {
      await s.write({ principal: 'test' }, async (tx) => {
        await tx.update(u.b, {
          data: { relatedItems: [u.d], text: { 'content-type': 'text/html', data: '<a href="/c/d">' } },
        });
        await tx.deleteTree(u.c);
      });
      assert.deepEqual(await s.read((tx) => tx.links({ source: u.b })), []);
      // The text link was resolved to d's uid when written: it is broken now, not gone.
      const stats = await s.read((tx) => tx.linkStats());
      assert.deepEqual(stats.broken, { isReferencing: 1, relatedItems: 2 });
      // Rebuilt, the path no longer resolves (no link); uids stay (the target may come back from the trash).
      const rebuilt = await s.write({ principal: 'test' }, (tx) => tx.rebuildLinks());
      assert.equal(rebuilt.objects, 4);
      assert.equal(rebuilt.links, 2);
      assert.deepEqual(await s.read((tx) => tx.brokenLinks()), [
        { relation: 'relatedItems', sourcePath: '/b' },
        { relation: 'relatedItems', sourcePath: '/secret' },
      ]);
      await s.write({ principal: 'test' }, (tx) => tx.deleteTree(u.b));
      assert.deepEqual((await s.read((tx) => tx.linkStats())).broken, { relatedItems: 1 });
    });
  });
}
