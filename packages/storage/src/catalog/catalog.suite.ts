// The shared catalog suite: every storage adapter keeps its catalog in step
// with its writes and answers the same queries the same way. Called from
// each adapter's test file with a factory for a fresh, empty storage.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  type CatalogQuery,
  type Criterion,
  type ListFilter,
  parseTextQuery,
  type Storage,
  type WriteTx,
} from '@tessera/core';
import type { RootWriteTx } from '../kysely-storage.js';
import { OPEN, type StorageFixture } from '../storage.suite.js';

const now = '2026-01-01T00:00:00+00:00';
let counter = 0;
const uid = () => `c${(++counter).toString().padStart(31, '0')}`;
const ALL = { start: 0, size: 1000 };

const path = (paths: string[], depth = -1): Criterion => ({ kind: 'path', paths, depth });
const text = (
  q: string,
  index: 'SearchableText' | 'Title' | 'Description' = 'SearchableText',
): Criterion => ({
  kind: 'text',
  index,
  query: parseTextQuery(q)!,
});

export function catalogSuite(name: string, factory: () => Promise<StorageFixture>) {
  describe(`Catalog: ${name}`, () => {
    let fx: StorageFixture;
    let s: Storage;
    let rootUid: string;

    const add = (
      tx: WriteTx,
      parentUid: string,
      id: string,
      data: Record<string, unknown> = {},
      opts: { type?: string; view?: string[]; effective?: string | null } = {},
    ) =>
      tx.insert({
        uid: uid(),
        parentUid,
        id,
        type: opts.type ?? 'Document',
        created: now,
        modified: now,
        data,
        security: { local: {}, perms: {} },
        view: opts.view ?? ['Anonymous'],
        effective: opts.effective ?? null,
        expires: null,
      });

    /** Paths found by a query, in result order. */
    const find = async (
      criteria: Criterion[],
      more: Partial<CatalogQuery> = {},
      filter: ListFilter | null = null,
    ) =>
      (await s.read((tx) => tx.search({ criteria, sort: [], ...more }, { filter, page: ALL }))).brains.map(
        (b) => b.path,
      );

    before(async () => {
      fx = await factory();
      s = fx.storage;
      await s.migrate();
      rootUid = uid();
      await s.write({ principal: 'test' }, async (tx) => {
        await (tx as RootWriteTx).insertRoot({
          uid: rootUid,
          id: 'site',
          type: 'Plone Site',
          created: now,
          modified: now,
          data: { title: 'Site' },
          ...OPEN,
        });
        const news = await add(tx, rootUid, 'news', { title: 'News' }, { type: 'Folder' });
        const sub = await add(tx, news.uid, 'sub', { title: 'Sub' }, { type: 'Folder' });
        await add(tx, news.uid, 'item-2', {
          title: 'Item 10',
          subjects: ['a', 'b'],
          text: { data: '<p>Running dogs</p>' },
        });
        await add(tx, news.uid, 'item-1', { title: 'Item 9', subjects: ['b'], description: 'cats and mice' });
        await add(tx, sub.uid, 'deep', {
          title: 'Deep thoughts',
          blocks: {
            x: { '@type': 'slate', value: [{ type: 'p', children: [{ text: 'hidden treasure' }] }] },
          },
        });
        await add(tx, rootUid, 'private', { title: 'Secret plans' }, { view: ['Manager'] });
        await add(
          tx,
          rootUid,
          'future',
          { title: 'Future news', effective: '2099-01-01T00:00:00+00:00' },
          { effective: '2099-01-01T00:00:00.000Z' },
        );
      });
    });
    after(() => fx.cleanup());

    test('path queries: subtree, depth 0, children only at depth 1, limited depth, several paths', async () => {
      const sort = { sort: [{ index: 'path' as const, descending: false }] };
      assert.deepEqual(await find([path(['/news'])], sort), [
        '/news',
        '/news/item-1',
        '/news/item-2',
        '/news/sub',
        '/news/sub/deep',
      ]);
      assert.deepEqual(await find([path(['/news'], 0)], sort), ['/news']);
      assert.deepEqual(await find([path(['/news'], 1)], sort), ['/news/item-1', '/news/item-2', '/news/sub']);
      assert.deepEqual(await find([path(['/news'], 2)], sort), [
        '/news',
        '/news/item-1',
        '/news/item-2',
        '/news/sub',
        '/news/sub/deep',
      ]);
      assert.deepEqual(await find([path(['/news/sub', '/private'])], sort), [
        '/news/sub',
        '/news/sub/deep',
        '/private',
      ]);
      assert.equal((await find([path([''])])).length, 8);
      // A sibling whose name starts like the folder's is not inside it.
      assert.deepEqual(await find([path(['/new'])]), []);
    });

    test('field, keyword and boolean criteria; sorting on several keys', async () => {
      assert.deepEqual(
        await find([{ kind: 'field', index: 'portal_type', values: ['Folder'] }], {
          sort: [{ index: 'path', descending: true }],
        }),
        ['/news/sub', '/news'],
      );
      assert.deepEqual(
        await find([{ kind: 'field', index: 'is_folderish', values: [true] }, path(['/news'], 1)]),
        ['/news/sub'],
      );
      const subject = (values: string[], operator: 'and' | 'or', not = false): Criterion => ({
        kind: 'keyword',
        index: 'Subject',
        values,
        operator,
        not,
      });
      assert.deepEqual((await find([subject(['a', 'b'], 'or')])).sort(), ['/news/item-1', '/news/item-2']);
      assert.deepEqual(await find([subject(['a', 'b'], 'and')]), ['/news/item-2']);
      assert.deepEqual(
        await find([subject(['a'], 'or', true), path(['/news'], 1)], {
          sort: [{ index: 'path', descending: false }],
        }),
        ['/news/item-1', '/news/sub'],
      );
      // sortable_title pads numbers: "Item 9" before "Item 10".
      assert.deepEqual(
        await find([path(['/news'], 1)], {
          sort: [
            { index: 'portal_type', descending: false },
            { index: 'sortable_title', descending: false },
          ],
        }),
        ['/news/item-1', '/news/item-2', '/news/sub'],
      );
      // Position in the folder follows the insertion order.
      assert.deepEqual(
        await find([path(['/news'], 1)], { sort: [{ index: 'getObjPositionInParent', descending: false }] }),
        ['/news/sub', '/news/item-2', '/news/item-1'],
      );
    });

    test('full text: stemming, prefixes, phrases, NOT, OR, blocks and rich text, Title only', async () => {
      assert.deepEqual(await find([text('dogs')]), ['/news/item-2']);
      if (name !== 'mysql') assert.deepEqual(await find([text('run')]), ['/news/item-2'], 'stemmed');
      assert.deepEqual(await find([text('treas*')]), ['/news/sub/deep']);
      assert.deepEqual(await find([text('"hidden treasure"')]), ['/news/sub/deep']);
      assert.deepEqual(await find([text('"treasure hidden"')]), []);
      assert.deepEqual((await find([text('cats OR dogs')])).sort(), ['/news/item-1', '/news/item-2']);
      assert.deepEqual(await find([text('item NOT cats')]), ['/news/item-2']);
      assert.deepEqual(await find([text('cats', 'Description')]), ['/news/item-1']);
      assert.deepEqual(await find([text('cats', 'Title')]), []);
      // Ranked: a title match outranks a body match.
      await s.write({ principal: 'test' }, (tx) =>
        add(tx, rootUid, 'treasury', { title: 'Treasure island', text: { data: 'x' } }),
      );
      const ranked = await find([text('treasure')]);
      assert.deepEqual(ranked, ['/treasury', '/news/sub/deep']);
    });

    test('the security filter: view tokens and the publication window', async () => {
      const anon: ListFilter = { tokens: ['Anonymous'], activeAt: '2030-01-01T00:00:00.000Z' };
      const all = await find([path([''])], {}, null);
      const visible = await find([path([''])], {}, anon);
      assert.ok(all.includes('/private') && all.includes('/future'));
      assert.ok(!visible.includes('/private') && !visible.includes('/future'));
      assert.deepEqual(await find([text('secret')], {}, anon), []);
      // Text searches (answered from the full-text index where the engine
      // indexes view tokens) leave out what is outside its window, and page right.
      assert.deepEqual(await find([text('future')], {}, anon), []);
      assert.deepEqual(await find([text('future')], {}, { tokens: ['Anonymous'], activeAt: null }), [
        '/future',
      ]);
      const news = (page: { start: number; size: number }) =>
        s.read((tx) =>
          tx.search({ criteria: [text('item OR future OR news')], sort: [] }, { filter: anon, page }),
        );
      const everything = await news({ start: 0, size: 100 });
      assert.ok(!everything.brains.some((b) => b.path === '/future'));
      assert.equal(everything.total, everything.brains.length);
      const second = await news({ start: 1, size: 1 });
      assert.equal(second.total, everything.total);
      assert.deepEqual(
        second.brains.map((b) => b.path),
        [everything.brains[1]!.path],
      );
      assert.deepEqual(await find([text('secret')], {}, { tokens: ['Manager'], activeAt: null }), [
        '/private',
      ]);
      assert.deepEqual(await find([{ kind: 'range', index: 'effective', min: '2050-01-01T00:00:00.000Z' }]), [
        '/future',
      ]);
    });

    test('a text search for what a principal may view: title matches first, pages that agree, NOT, view changes', async () => {
      const anon: ListFilter = { tokens: ['Anonymous'], activeAt: null };
      const made = await s.write({ principal: 'test' }, async (tx) => {
        const folder = await tx.byPath('/news');
        const out = [];
        for (let i = 0; i < 6; i++)
          out.push(
            await add(tx, folder!.uid, `kiwi-${i}`, {
              title: i === 3 ? 'Kiwi orchard' : `Fruit ${i}`,
              text: { data: `<p>about kiwi ${i % 2 ? 'and lemons' : ''}</p>` },
            }),
          );
        out.push(await add(tx, folder!.uid, 'kiwi-hidden', { title: 'Kiwi secret' }, { view: ['Manager'] }));
        return out;
      });
      const search = (q: string, page = ALL, filter = anon) =>
        s.read((tx) => tx.search({ criteria: [text(q)], sort: [] }, { filter, page }));
      const all = await search('kiwi');
      assert.equal(all.total, 6);
      assert.equal(all.brains[0]!.path, '/news/kiwi-3', 'the title match ranks first');
      for (let i = 0; i < 6; i++) {
        const one = await search('kiwi', { start: i, size: 1 });
        assert.equal(one.total, 6);
        assert.deepEqual(
          one.brains.map((b) => b.path),
          [all.brains[i]!.path],
        );
      }
      assert.deepEqual((await search('kiwi NOT lemons')).brains.map((b) => b.path).sort(), [
        '/news/kiwi-0',
        '/news/kiwi-2',
        '/news/kiwi-4',
      ]);
      // Visibility changes reach the search: the hidden one is shown, one is hidden.
      await s.write({ principal: 'test' }, async (tx) => {
        await tx.setSecurity(made[6]!.uid, { local: {}, perms: {} }, ['Anonymous']);
        await tx.setSecurity(made[0]!.uid, { local: {}, perms: {} }, ['Manager']);
      });
      const after = await search('kiwi');
      assert.equal(after.total, 6);
      assert.ok(after.brains.some((b) => b.path === '/news/kiwi-hidden'));
      assert.ok(!after.brains.some((b) => b.path === '/news/kiwi-0'));
      assert.equal((await search('kiwi', ALL, { tokens: ['Manager'], activeAt: null })).total, 1);
      await s.write({ principal: 'test' }, async (tx) => {
        for (const d of made) await tx.deleteTree(d.uid);
      });
      assert.equal((await search('kiwi')).total, 0);
    });

    test('edits, reorders and deletes are reindexed in the same transaction', async () => {
      const doc = await s.write({ principal: 'test' }, async (tx) => {
        const folder = await tx.byPath('/news');
        const d = await add(tx, folder!.uid, 'moving', { title: 'Alpha' });
        const inside = await tx.search(
          { criteria: [{ kind: 'field', index: 'getId', values: ['moving'] }], sort: [] },
          { filter: null, page: ALL },
        );
        assert.equal(inside.total, 1, 'a search in the writing transaction sees the write');
        // InnoDB applies FULLTEXT changes at commit; the other engines at once.
        if (name !== 'mysql')
          assert.equal(
            (await tx.search({ criteria: [text('alpha')], sort: [] }, { filter: null, page: ALL })).total,
            1,
          );
        return d;
      });
      await s.write({ principal: 'test' }, (tx) =>
        tx.update(doc.uid, { data: { title: 'Omega', subjects: ['z'] } }),
      );
      assert.deepEqual(await find([text('alpha')]), []);
      assert.deepEqual(await find([text('omega')]), ['/news/moving']);
      assert.deepEqual(await s.read((tx) => tx.keywordValues('Subject', null)), ['a', 'b', 'z']);
      await s.write({ principal: 'test' }, async (tx) => {
        const folder = await tx.byPath('/news');
        await tx.setOrder(folder!.uid, ['moving', 'item-1', 'item-2', 'sub']);
      });
      assert.deepEqual(
        (
          await find([path(['/news'], 1)], { sort: [{ index: 'getObjPositionInParent', descending: false }] })
        )[0],
        '/news/moving',
      );
      await s.write({ principal: 'test' }, async (tx) => {
        await tx.deleteTree((await tx.byPath('/news/sub'))!.uid);
        await tx.deleteTree(doc.uid);
      });
      assert.deepEqual(await find([text('omega')]), []);
      assert.deepEqual(await find([text('treasure')]), ['/treasury']);
      assert.deepEqual(await s.read((tx) => tx.keywordValues('Subject', null)), ['a', 'b']);
    });

    test('paging, totals and the sort limit; a full rebuild finds the same', async () => {
      const q = { criteria: [path([''])], sort: [{ index: 'path' as const, descending: false }] };
      const page = await s.read((tx) => tx.search(q, { filter: null, page: { start: 2, size: 3 } }));
      const whole = await s.read((tx) => tx.search(q, { filter: null, page: ALL }));
      assert.equal(page.total, whole.total);
      assert.deepEqual(
        page.brains.map((b) => b.path),
        whole.brains.slice(2, 5).map((b) => b.path),
      );
      const limited = await s.read((tx) => tx.search({ ...q, limit: 2 }, { filter: null, page: ALL }));
      assert.equal(limited.total, 2);
      assert.equal(limited.brains.length, 2);
      const n = await s.write({ principal: 'test' }, (tx) => tx.reindexCatalog());
      assert.equal(n, whole.total);
      const again = await s.read((tx) => tx.search(q, { filter: null, page: ALL }));
      assert.deepEqual(
        again.brains.map((b) => b.path),
        whole.brains.map((b) => b.path),
      );
      assert.deepEqual(await find([text('dogs')]), ['/news/item-2']);
      assert.equal(whole.brains.find((b) => b.path === '/news/item-2')?.meta.title, 'Item 10');
    });
  });
}
