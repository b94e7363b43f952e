// Migration 0009 on a catalog that already has rows: the narrow tables that
// count and rank plain text searches (postgres/fulltext.ts) are filled from
// the existing vectors and view tokens, and searches find the same.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseTextQuery } from '@tessera/core';
import { sql } from 'kysely';
import { POSTGRES } from '../dialect.js';
import type { RootWriteTx } from '../kysely-storage.js';
import { migrations } from '../migrations.js';
import { OPEN } from '../storage.suite.js';
import { createPostgresDatabase } from '../test-databases.js';
import { openPostgres } from './connect.js';

const now = '2026-01-01T00:00:00+00:00';
const uid = (n: number) => `t${String(n).padStart(31, '0')}`;

test('migration 0009 fills the rank and count tables from an existing catalog', async () => {
  const database = await createPostgresDatabase();
  const storage = openPostgres(database.url);
  try {
    await storage.migrate();
    await storage.write({ principal: 'test' }, async (tx) => {
      await (tx as RootWriteTx).insertRoot({
        uid: uid(0),
        id: 'site',
        type: 'Plone Site',
        created: now,
        modified: now,
        data: { title: 'Site' },
        ...OPEN,
      });
      for (let i = 1; i <= 5; i++)
        await tx.insert({
          uid: uid(i),
          parentUid: uid(0),
          id: `doc-${i}`,
          type: 'Document',
          created: now,
          modified: now,
          data: { title: i === 4 ? 'Walnut grove' : `Doc ${i}`, text: { data: '<p>walnut trees</p>' } },
          security: { local: {}, perms: {} },
          view: i === 5 ? ['Manager'] : ['Anonymous'],
          effective: null,
          expires: null,
        });
    });
    const search = () =>
      storage.read((tx) =>
        tx.search(
          {
            criteria: [{ kind: 'text', index: 'SearchableText', query: parseTextQuery('walnut')! }],
            sort: [],
          },
          { filter: { tokens: ['Anonymous'], activeAt: null }, page: { start: 0, size: 10 } },
        ),
      );
    const before = await search();
    assert.equal(before.total, 4);
    assert.equal(before.brains[0]!.path, '/doc-4');

    // Back to a catalog from before 0009, then run that migration again (later
    // migrations exist, so the migrator itself would refuse to re-run it).
    await sql`drop table catalog_text_words, catalog_text_head`.execute(storage.db);
    await migrations(POSTGRES)['0009_fulltext_tiers']!.up(storage.db);
    const counts = await sql<{
      w: string;
      h: string;
    }>`select (select count(*) from catalog_text_words) as w, (select count(*) from catalog_text_head) as h`.execute(
      storage.db,
    );
    assert.deepEqual(counts.rows[0], { w: '6', h: '6' });
    const after = await search();
    assert.equal(after.total, 4, 'the view tokens came along: the Manager-only one stays out');
    assert.deepEqual(
      after.brains.map((b) => b.path),
      before.brains.map((b) => b.path),
    );
  } finally {
    await storage.close();
    await database.drop();
  }
});
