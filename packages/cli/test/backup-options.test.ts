// `tessera backup` / `restore` options on SQLite: --keep and hard-linked
// blobs, --date, --verify, a damaged backup, bad arguments. (The same code
// serves every database; backup.test.ts runs each database end to end.)
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { openStorage, ops } from '@tessera/storage';
import { emptySite, randomFile, tessera } from './ops-helpers.js';
import { tempDirs } from './temp-dirs.js';

const tmp = tempDirs('tessera-backups-');

test('sqlite: --keep, hard-linked blobs, --date, a damaged backup, --verify', async () => {
  const site = await emptySite('sqlite');
  const root = tmp();
  try {
    const storage = openStorage({ db: '', dataDir: site.data });
    await storage.migrate();
    await storage.write({ principal: null, note: 'created' }, async (tx) => {
      await tx.setSetting('ops_test', 0);
    });
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
    // Password hashes and signing secrets inside: nobody but the owner gets in.
    assert.equal(statSync(third).mode & 0o077, 0, 'the backup directory is private');
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
    assert.equal((await tessera(['backup', '--to', root, '--keep', '0', ...site.flags])).code, 2);
  } finally {
    await site.wipe();
  }
});
