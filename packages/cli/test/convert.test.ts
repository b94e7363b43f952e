// `tessera convert` SQLite → PostgreSQL → MariaDB → SQLite with history and
// files: every hop verified by the command, the tables' checksums equal on
// all four, search and downloads working on each target.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { openStorage, ops } from '@tessera/storage';
import {
  call,
  download,
  emptySite,
  newDocument,
  newFile,
  randomFile,
  type Site,
  tessera,
} from './ops-helpers.js';
import { type Running, startServer, stop } from './process.js';

const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function checksums(site: Site, blobDir?: string) {
  const storage = openStorage({ db: site.db, dataDir: site.data, blobDir });
  try {
    return await storage.db.transaction().execute((trx) => ops.checksumSite(trx));
  } finally {
    await storage.close();
  }
}

test('convert sqlite → postgres → mariadb → sqlite: history, catalog and files arrive intact', async () => {
  const sqlite = await emptySite('sqlite');
  const pg = await emptySite('postgres');
  const maria = await emptySite('mysql');
  const back = await emptySite('sqlite');
  const mariaBlobs = mkdtempSync(join(tmpdir(), 'tessera-convert-blobs-'));
  dirs.push(mariaBlobs);
  const servers: Running[] = [];
  const bytes = randomFile(700_000);
  try {
    const source = await startServer([], sqlite.env);
    try {
      for (const [id, words] of [
        ['apple', 'crimson orchard harvest'],
        ['pear', 'golden riverside orchard'],
      ])
        assert.equal((await call(source.url, 'POST', '/', newDocument(id, words))).status, 201);
      assert.equal((await call(source.url, 'PATCH', '/pear', { title: 'Pear, revised' })).status, 204);
      assert.equal((await call(source.url, 'POST', '/', newFile('data', bytes))).status, 201);
      // Redirects (migration 0010) travel too.
      const alias = { items: [{ path: '/old-apple', 'redirect-to': '/apple', datetime: '2022-05-05' }] };
      assert.equal((await call(source.url, 'POST', '/@aliases', alias)).status, 204);
    } finally {
      await stop(source);
    }

    // Files → database chunks → files in a blob directory → files beside SQLite.
    const hops: Array<[string[], string]> = [
      [['--from', sqlite.data, '--to', pg.db], 'sqlite → postgres'],
      [['--from', pg.db, '--to', maria.db, '--to-blob-dir', mariaBlobs], 'postgres → mariadb'],
      [['--from', maria.db, '--from-blob-dir', mariaBlobs, '--to', back.data], 'mariadb → sqlite'],
    ];
    for (const [args, label] of hops) {
      const r = await tessera(['convert', ...args, '--quiet']);
      assert.equal(r.code, 0, `${label}: ${r.err}`);
      assert.match(r.out, /verified/);
    }
    const expected = await checksums(sqlite);
    assert.ok(expected.revisions!.rows >= 4 && expected.transactions!.rows >= 4);
    assert.deepEqual(await checksums(pg), expected, 'postgres');
    assert.deepEqual(await checksums(maria, mariaBlobs), expected, 'mariadb');
    assert.deepEqual(await checksums(back), expected, 'sqlite again');

    const refused = await tessera(['convert', '--from', pg.db, '--to', back.data, '--quiet']);
    assert.equal(refused.code, 2);
    assert.match(refused.err, /will not convert into an existing site/);
    const same = await tessera(['convert', '--from', pg.db, '--to', pg.db]);
    assert.equal(same.code, 2);

    const targets = await Promise.all([
      startServer([], pg.env),
      startServer([], { ...maria.env, TESSERA_BLOB_DIR: mariaBlobs }),
      startServer([], back.env),
    ]);
    servers.push(...targets);
    for (const server of targets) {
      const found = await call(server.url, 'GET', '/@search?SearchableText=orchard&sort_on=id');
      assert.equal(found.status, 200, found.text);
      assert.deepEqual(
        found.json.items.map((i: { title: string }) => i.title),
        ['Document apple', 'Pear, revised'],
      );
      const one = await call(server.url, 'GET', '/@search?SearchableText=crimson');
      assert.equal(one.json.items_total, 1);
      assert.ok((await download(server.url, '/data')).equals(bytes));
      const aliases = await call(server.url, 'GET', '/@aliases');
      assert.deepEqual(
        aliases.json.items.map((i: { path: string }) => i.path),
        ['/old-apple'],
      );
    }
  } finally {
    for (const s of servers) await stop(s);
    for (const s of [sqlite, pg, maria, back]) await s.wipe();
  }
});
