// `tessera backup` / `restore` / `backup --verify` on SQLite, PostgreSQL and
// MariaDB: a backup taken while a real server takes writes restores to
// exactly the state at its snapshot; damaged backups, non-empty targets,
// --keep and --date.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
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
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'tessera-backups-'));
  dirs.push(d);
  return d;
};
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

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
      const b = await tessera(['backup', '--to', root, ...source.flags, '--quiet']);
      // Writes after the snapshot must not be in the backup: make sure there are some.
      const after = done;
      while (done < after + 2) await new Promise((r) => setTimeout(r, 50));
      stopping = true;
      await writer;
      assert.equal(b.code, 0, b.err);
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
    } finally {
      if (server) await stop(server);
      await source.wipe();
      await target.wipe();
    }
  });
}

test('sqlite: --keep, hard-linked blobs, --date, a damaged backup, --verify', async () => {
  const site = await emptySite('sqlite');
  const root = tmp();
  try {
    const init = await tessera(['init', ...site.flags], site.env);
    assert.equal(init.code, 0, init.err);
    const storage = openStorage({ db: '', dataDir: site.data });
    const blob = await storage.putBlob(randomFile(1000));
    const write = (n: number) =>
      storage.write({ principal: null, note: `write ${n}` }, async (tx) => {
        await tx.setSetting('ops_test', n);
      });
    const backupNow = async () => {
      const r = await tessera(['backup', '--to', root, '--keep', '2', ...site.flags, '--quiet']);
      assert.equal(r.code, 0, r.err);
      return r.out.trim();
    };
    const first = await backupNow();
    await write(1);
    const second = await backupNow();
    // Backups are named by the millisecond: make the next one later for sure.
    await new Promise((r) => setTimeout(r, 20));
    await write(2);
    const third = await backupNow();
    await storage.close();

    assert.deepEqual(
      readdirSync(root).sort(),
      [second, third].map((d) => d.slice(root.length + 1)),
      '--keep 2 removed the oldest',
    );
    const m2 = ops.readManifest(second);
    const m3 = ops.readManifest(third);
    assert.equal(m3.linked, 1, 'the blob was linked from the previous backup');
    const blobFile = (d: string) => join(d, 'blobs', blob.hash.slice(0, 2), blob.hash.slice(2, 4), blob.hash);
    assert.equal(statSync(blobFile(second)).ino, statSync(blobFile(third)).ino);
    assert.equal(m3.lastTid, m2.lastTid + 1);
    void first;

    // --date: the newest backup at or before it.
    const at = await emptySite('sqlite');
    try {
      const r = await tessera(['restore', '--from', root, '--date', m2.created, ...at.flags, '--quiet']);
      assert.equal(r.code, 0, r.err);
      assert.match(r.out, new RegExp(`transaction ${m2.lastTid}\\b`));
      const s = openStorage({ db: '', dataDir: at.data });
      assert.equal(await s.read((tx) => tx.getSetting('ops_test')), 1);
      await s.close();
      const none = await tessera(['restore', '--from', root, '--date', '2000-01-01', ...at.flags]);
      assert.equal(none.code, 1);
      assert.match(none.err, /no backup .* at or before/);
      const bad = await tessera(['restore', '--from', root, '--date', 'yesterday', ...at.flags]);
      assert.equal(bad.code, 2);
    } finally {
      await at.wipe();
    }

    // --verify restores into a scratch place; then damage the newest backup.
    const ok = await tessera(['backup', '--verify', '--from', root, '--quiet']);
    assert.equal(ok.code, 0, ok.err);
    assert.match(ok.out, /verified/);
    const db = join(third, 'tessera.db');
    const bytes = readFileSync(db);
    bytes[bytes.length - 100] ^= 0xff;
    writeFileSync(db, bytes);
    const damaged = await tessera(['backup', '--verify', '--from', root, '--quiet']);
    assert.equal(damaged.code, 1);
    assert.match(damaged.err, /tessera\.db: checksum mismatch/);
    const into = await emptySite('sqlite');
    try {
      const r = await tessera(['restore', '--from', third, ...into.flags, '--quiet']);
      assert.equal(r.code, 1);
      assert.match(r.err, /damaged/);
      assert.deepEqual(readdirSync(into.data), [], 'nothing restored');
    } finally {
      await into.wipe();
    }
    assert.equal((await tessera(['backup', ...site.flags])).code, 2, 'no --to');
    assert.equal((await tessera(['backup', '--to', root, '--keep', '0', ...site.flags])).code, 2);
  } finally {
    await site.wipe();
  }
});

test('postgres and mariadb: --verify into a throwaway database on the server; a damaged table file is found', async () => {
  const { PG_SERVER, MYSQL_SERVER } = await import('@tessera/storage/test-databases');
  for (const [kind, server] of [
    ['postgres', PG_SERVER],
    ['mysql', MYSQL_SERVER],
  ] as const) {
    const site = await emptySite(kind);
    const root = tmp();
    try {
      assert.equal((await tessera(['init', ...site.flags], site.env)).code, 0);
      const r = await tessera([
        'backup',
        '--to',
        root,
        '--verify',
        '--scratch',
        server,
        ...site.flags,
        '--quiet',
      ]);
      assert.equal(r.code, 0, r.err);
      const dir = r.out.trim();
      const m = ops.readManifest(dir);
      assert.equal(m.kind, 'rows');
      const file = join(dir, 'tables', 'objects.ndjson');
      writeFileSync(file, readFileSync(file, 'utf8').replace('Site', 'Slte'));
      const v = await tessera(['backup', '--verify', '--from', dir, '--scratch', server, '--quiet']);
      assert.equal(v.code, 1);
      assert.match(v.err, /tables\/objects\.ndjson: checksum mismatch/);
    } finally {
      await site.wipe();
    }
  }
});
