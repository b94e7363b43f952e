// `tessera backup` / `restore` / `backup --verify` on SQLite, PostgreSQL and
// MariaDB: a backup taken while a real server takes writes restores to
// exactly the state at its snapshot; damaged backups, non-empty targets,
// --keep and --date.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { openStorage, ops } from '@tessera/storage';
import { MYSQL_SERVER, PG_SERVER } from '@tessera/storage/test-databases';
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
import { tempDirs } from './temp-dirs.js';

const tmp = tempDirs('tessera-backups-');

/**
 * A site's content, history and blobs as of transaction `upTo`: the
 * transactions and revisions (canonical rows, byte for byte), the objects
 * as the revisions say they were then, and the sha256 of every blob they
 * reference, read back from the site's blob store.
 */
async function stateAt(site: Site, upTo = 2 ** 31 - 1) {
  const storage = openStorage({ db: site.db, dataDir: site.data });
  try {
    const specs = new Map((await ops.siteTables(storage.db)).map((s) => [s.name, s]));
    const canonical = (name: string, rows: Record<string, unknown>[]) =>
      rows.map((r) => JSON.stringify(ops.canonicalRow(specs.get(name)!, r)));
    const transactions = canonical(
      'transactions',
      await storage.db
        .selectFrom('transactions')
        .selectAll()
        .where('tid', '<=', upTo)
        .orderBy('tid')
        .execute(),
    );
    const revisionRows = await storage.db
      .selectFrom('revisions')
      .selectAll()
      .where('tid', '<=', upTo)
      .orderBy('uid')
      .orderBy('tid')
      .execute();
    const revisions = canonical('revisions', revisionRows);
    const latest = new Map<string, (typeof revisionRows)[number]>();
    for (const r of revisionRows) latest.set(r.uid, r);
    const objects: Record<string, unknown> = {};
    const blobs: Record<string, string> = {};
    for (const r of latest.values()) {
      if (Number(r.deleted)) continue;
      const { created, modified, ...data } = JSON.parse(r.data);
      objects[r.uid] = { path: r.path, type: r.type, created, modified, data };
      const hash = data.file?.blob;
      if (typeof hash === 'string') {
        blobs[hash] = await storage.read(async (tx) => {
          const h = createHash('sha256');
          for await (const part of tx.openBlob(hash)) h.update(part);
          return h.digest('hex');
        });
      }
    }
    const current: Record<string, unknown> = {};
    for (const o of await storage.db.selectFrom('objects').selectAll().execute())
      current[o.uid] = {
        path: o.path,
        type: o.type,
        created: o.created,
        modified: o.modified,
        data: JSON.parse(o.data),
      };
    return { transactions, revisions, objects, current, blobs };
  } finally {
    await storage.close();
  }
}

for (const kind of ['sqlite', 'postgres', 'mysql'] as const) {
  test(`${kind}: a backup taken during writes restores to exactly its snapshot; the restored site serves`, async () => {
    const source = await emptySite(kind);
    const target = await emptySite(kind);
    const root = tmp();
    let server: Running | undefined = await startServer([], source.env);
    const uploaded = new Map<string, Buffer>();
    try {
      // Writes through the REST API until told to stop: documents, files
      // (over 256 KiB: several chunks in a database), edits.
      let stopping = false;
      let done = 0;
      const writer = (async () => {
        for (let i = 0; !stopping || i < 4; i++) {
          const r = await call(server.url, 'POST', '/', newDocument(`doc-${i}`, `alpha beta${i} gamma`));
          assert.equal(r.status, 201, r.text);
          if (i % 3 === 0) {
            const bytes = randomFile(300_000 + i);
            const f = await call(server.url, 'POST', '/', newFile(`file-${i}`, bytes));
            assert.equal(f.status, 201, f.text);
            uploaded.set(`/file-${i}`, bytes);
          }
          if (i > 0) await call(server.url, 'PATCH', `/doc-${i - 1}`, { title: `Edited ${i - 1}` });
          done++;
        }
      })();
      while (done < 3) await new Promise((r) => setTimeout(r, 50));
      // --verify: restored into a scratch database on the same server (SQLite: a temporary directory).
      const scratch = kind === 'postgres' ? [PG_SERVER] : kind === 'mysql' ? [MYSQL_SERVER] : [];
      const b = await tessera([
        'backup',
        '--to',
        root,
        '--verify',
        ...scratch.flatMap((u) => ['--scratch', u]),
        ...source.flags,
      ]);
      // Writes after the snapshot must not be in the backup: make sure there are some.
      const after = done;
      while (done < after + 2) await new Promise((r) => setTimeout(r, 50));
      stopping = true;
      await writer;
      assert.equal(b.code, 0, b.err);
      assert.match(b.err, /restored and verified/);
      if (scratch.length) assert.match(b.err, /scratch database tessera_verify_/);
      const dir = b.out.trim();
      const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as ops.Manifest;
      assert.equal(manifest.dialect, kind);
      await stop(server);
      server = undefined;

      const expected = await stateAt(source, manifest.lastTid);
      const sourceNow = await stateAt(source);
      assert.ok(
        sourceNow.transactions.length > expected.transactions.length,
        'writes went on after the snapshot',
      );
      assert.ok(Object.keys(expected.blobs).length >= 1, 'the snapshot references files');
      for (const [hash, sha] of Object.entries(expected.blobs)) assert.equal(sha, hash);
      await source.wipe();

      const r = await tessera(['restore', '--from', root, ...target.flags, '--quiet']);
      assert.equal(r.code, 0, r.err);
      const restored = await stateAt(target);
      assert.deepEqual(restored.transactions, expected.transactions, 'history: transactions');
      assert.deepEqual(restored.revisions, expected.revisions, 'history: revisions');
      assert.deepEqual(restored.current, expected.objects, 'content: objects as at the snapshot');
      assert.deepEqual(restored.blobs, expected.blobs, 'blobs');

      const again = await tessera(['restore', '--from', root, ...target.flags, '--quiet']);
      assert.equal(again.code, 2);
      assert.match(again.err, /will not restore over an existing site/);

      server = await startServer([], target.env);
      const doc = await call(server.url, 'GET', '/doc-0');
      assert.equal(doc.status, 200);
      const [path, hash] = Object.entries(expected.objects)
        .map(([, o]) => o as { path: string; data: { file?: { blob: string } } })
        .filter((o) => o.data.file)
        .map((o) => [o.path, o.data.file!.blob] as const)[0]!;
      const bytes = await download(server.url, path);
      assert.equal(createHash('sha256').update(bytes).digest('hex'), hash);
      assert.ok(bytes.equals(uploaded.get(path)!));

      if (manifest.kind === 'rows') {
        const file = join(dir, 'tables', 'objects.ndjson');
        writeFileSync(file, readFileSync(file, 'utf8').replace('Document', 'Documenr'));
        const v = await tessera(['backup', '--verify', '--from', dir, '--quiet']);
        assert.equal(v.code, 1);
        assert.match(v.err, /tables\/objects\.ndjson: checksum mismatch/);
      }
    } finally {
      if (server) await stop(server);
      await source.wipe();
      await target.wipe();
    }
  });
}
