import assert from 'node:assert/strict';
import { test } from 'node:test';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { revisionJson } from './kysely-storage.js';
import { PreparedByCount, PreparedQuery } from './prepared.js';

interface DB {
  t: { a: string; b: number };
}

const open = () => new Kysely<DB>({ dialect: new SqliteDialect({ database: new SQLite(':memory:') }) });

test('a prepared query puts each argument where its placeholder was, constants stay', async () => {
  const db = open();
  await db.schema.createTable('t').addColumn('a', 'text').addColumn('b', 'integer').execute();
  const insert = new PreparedQuery(2, (a: string, b: number) => db.insertInto('t').values({ a, b }));
  for (let i = 0; i < 5; i++) await insert.run(db, `v${i}`, i);
  // The same argument twice, and a constant between them.
  const q = new PreparedQuery(1, (a: string) =>
    db.selectFrom('t').select('b').where('a', '=', a).where('b', '<', 100).where('a', '=', a),
  );
  assert.equal(q.bind('v3').parameters.length, 3);
  assert.deepEqual((await q.run(db, 'v3')).rows, [{ b: 3 }]);
  assert.deepEqual((await q.run(db, 'v4')).rows, [{ b: 4 }]);
  assert.deepEqual((await q.run(db, 'none')).rows, []);
  await db.destroy();
});

test('an argument that is not a parameter of the query is refused at compile time', () => {
  const db = open();
  assert.throws(
    () => new PreparedQuery(2, (a: string, _b: number) => db.selectFrom('t').selectAll().where('a', '=', a)),
    /argument 1 is not a parameter/,
  );
});

test('queries shaped by a count: one compiled per count, larger counts built each time', async () => {
  const db = open();
  await db.schema.createTable('t').addColumn('a', 'text').addColumn('b', 'integer').execute();
  for (let i = 0; i < 10; i++)
    await db
      .insertInto('t')
      .values({ a: `v${i}`, b: i })
      .execute();
  const q = new PreparedByCount(
    3,
    (as, min) =>
      db
        .selectFrom('t')
        .select('a')
        .where('a', 'in', as as string[])
        .where('b', '>=', min as number),
    1,
  );
  const run = async (as: string[], min: number) => (await q.run(db, as, min)).rows.map((r) => r.a).sort();
  assert.deepEqual(await run(['v1'], 0), ['v1']);
  assert.deepEqual(await run(['v1', 'v2', 'v3'], 2), ['v2', 'v3']);
  assert.deepEqual(await run(['v4', 'v5', 'v6'], 0), ['v4', 'v5', 'v6']);
  assert.deepEqual(await run(['v1', 'v2', 'v3', 'v4', 'v9'], 4), ['v4', 'v9']);
  await db.destroy();
});

test('revisionJson is JSON.stringify({ ...data, created, modified })', () => {
  const rec = (data: Record<string, unknown>) => ({
    uid: 'u',
    parentUid: null,
    id: 'x',
    path: '',
    position: 0,
    type: 'T',
    tid: 1,
    created: '2026-01-01T00:00:00+00:00',
    modified: 'a "quoted" \u2028 date',
    data,
    security: { local: {}, perms: {} },
  });
  for (const data of [
    {},
    { title: 'T' },
    { a: [1, { b: null }], 'k"ey': 'v\n' },
    { created: 'old', title: 'shadowed' },
    { modified: 'old' },
  ]) {
    const r = rec(data);
    assert.equal(revisionJson(r), JSON.stringify({ ...data, created: r.created, modified: r.modified }));
    assert.equal(revisionJson(r, JSON.stringify(data)), revisionJson(r));
  }
});
