// Commits acknowledged only once the WAL is synced: ordering, sharing of
// syncs, failures, and the fd following the -wal file.

import assert from 'node:assert/strict';
import { fstatSync, mkdtempSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import SQLite from 'better-sqlite3';
import type { RootWriteTx } from '../kysely-storage.js';
import { OPEN } from '../storage.suite.js';
import { openSqlite } from './connect.js';
import { WalSync } from './wal-sync.js';

const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'tessera-walsync-'));
  dirs.push(d);
  return d;
};
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const now = '2026-01-01T00:00:00+00:00';
let n = 0;
const uid = () => `w${(++n).toString().padStart(31, '0')}`;

/** A sync the test releases (or fails) by hand; records the fds it was given. */
function manualSync() {
  const calls: Array<{ fd: number; release: () => void; fail: (e: Error) => void }> = [];
  let auto = false;
  const syncFile = (fd: number) =>
    new Promise<void>((resolve, reject) => {
      if (auto) return resolve();
      calls.push({ fd, release: resolve, fail: reject });
    });
  return {
    syncFile,
    calls,
    releaseAll() {
      for (const c of calls.splice(0)) c.release();
    },
    auto() {
      auto = true;
      this.releaseAll();
    },
  };
}

const tick = (ms = 20) => new Promise((r) => setTimeout(r, ms));

async function setup(syncFile: (fd: number) => Promise<void>) {
  const dir = tmp();
  const file = join(dir, 'test.db');
  const storage = openSqlite(file, { syncFile });
  return { storage, file, dir };
}

describe('SQLite: commits are acknowledged after the WAL sync', () => {
  test('a write resolves only after a sync that started after its COMMIT', async () => {
    const sync = manualSync();
    sync.auto();
    const { storage, file } = await setup(sync.syncFile);
    await storage.migrate();
    const root = uid();
    await storage.write({ principal: 't' }, (tx) =>
      (tx as RootWriteTx).insertRoot({
        uid: root,
        id: 'site',
        type: 'Plone Site',
        created: now,
        modified: now,
        data: {},
        ...OPEN,
      }),
    );
    // From here on, syncs wait for the test.
    const held = manualSync();
    (storage as any).durability.syncFile = held.syncFile;

    let acked = false;
    const write = storage
      .write({ principal: 't' }, (tx) =>
        tx.insert({
          uid: uid(),
          parentUid: root,
          id: 'doc',
          type: 'Document',
          created: now,
          modified: now,
          data: {},
          ...OPEN,
        }),
      )
      .then(() => {
        acked = true;
      });
    await tick();
    assert.equal(held.calls.length, 1, 'one sync started');
    assert.equal(acked, false, 'not acknowledged while the sync is under way');
    // The COMMIT happened before the sync started: another connection sees the row.
    const other = new SQLite(file, { readonly: true });
    try {
      assert.ok(
        other.prepare("select 1 from objects where path = '/doc'").get(),
        'committed before the sync',
      );
    } finally {
      other.close();
    }
    // The fd handed to the sync is the -wal file's.
    assert.equal(fstatSync(held.calls[0].fd).ino, statSync(`${file}-wal`).ino);
    held.releaseAll();
    await write;
    assert.equal(acked, true);
    await storage.close();
  });

  test('commits made while a sync is in flight share the next sync, acknowledged in order', async () => {
    const held = manualSync();
    const { storage } = await setup(held.syncFile);
    const migrating = storage.migrate();
    await tick();
    held.releaseAll();
    await migrating;
    const root = uid();
    const rootWrite = storage.write({ principal: 't' }, (tx) =>
      (tx as RootWriteTx).insertRoot({
        uid: root,
        id: 'site',
        type: 'Plone Site',
        created: now,
        modified: now,
        data: {},
        ...OPEN,
      }),
    );
    await tick();
    assert.equal(held.calls.length, 1);
    // While the root's sync is in flight, more batches commit.
    const order: number[] = [];
    const writes: Promise<void>[] = [];
    for (let i = 0; i < 3; i++) {
      writes.push(
        storage
          .write({ principal: 't' }, (tx) =>
            tx.insert({
              uid: uid(),
              parentUid: root,
              id: `d${i}`,
              type: 'Document',
              created: now,
              modified: now,
              data: {},
              ...OPEN,
            }),
          )
          .then(() => {
            order.push(i);
          }),
      );
      await tick(5);
    }
    await tick();
    assert.equal(held.calls.length, 1, 'no second sync while one is in flight');
    assert.deepEqual(order, [], 'nothing acknowledged before its sync');
    held.releaseAll(); // the root's sync: the root is acknowledged, one more sync starts for the rest
    await rootWrite;
    await tick();
    assert.equal(held.calls.length, 1, 'one sync covers every batch committed meanwhile');
    assert.deepEqual(order, []);
    held.releaseAll();
    await Promise.all(writes);
    assert.deepEqual(order, [0, 1, 2]);
    await storage.close();
  });

  test('a failed sync fails the batch and every later write; ping fails', async () => {
    const held = manualSync();
    const { storage } = await setup(held.syncFile);
    const migrating = storage.migrate();
    await tick();
    held.releaseAll();
    await migrating;
    const write = storage.write({ principal: 't' }, (tx) =>
      (tx as RootWriteTx).insertRoot({
        uid: uid(),
        id: 'site',
        type: 'Plone Site',
        created: now,
        modified: now,
        data: {},
        ...OPEN,
      }),
    );
    await tick();
    held.calls[0].fail(Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' }));
    await assert.rejects(write, /Syncing the SQLite WAL .* failed: EIO/);
    await assert.rejects(
      storage.write({ principal: 't' }, async () => 1),
      /Writes are refused until the process restarts/,
    );
    await assert.rejects(storage.ping(), /Syncing the SQLite WAL/);
    await storage.close();
  });
});

describe('WalSync', () => {
  test('follows the -wal file when it is replaced (new inode), syncing the new one', async () => {
    const dir = tmp();
    const wal = join(dir, 'x.db-wal');
    writeFileSync(wal, 'one');
    const seen: number[] = [];
    const ws = new WalSync(wal, async (fd) => {
      seen.push(fstatSync(fd).ino);
    });
    await ws.durable();
    const first = statSync(wal).ino;
    writeFileSync(join(dir, 'new'), 'two');
    renameSync(join(dir, 'new'), wal);
    await ws.durable();
    const second = statSync(wal).ino;
    assert.notEqual(first, second);
    assert.deepEqual(seen, [first, second]);
    await ws.close();
  });

  test('a missing -wal file is a failure, not a silent success', async () => {
    const dir = tmp();
    const ws = new WalSync(join(dir, 'missing.db-wal'), async () => {});
    await assert.rejects(ws.durable(), /ENOENT/);
    await assert.rejects(ws.durable(), /Writes are refused/);
    await ws.close();
  });
});
