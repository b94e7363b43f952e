import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { blobSuite } from '../blobs/blobs.suite.js';
import { catalogSuite } from '../catalog/catalog.suite.js';
import { historySuite } from '../history/history.suite.js';
import { linksSuite } from '../links/links.suite.js';
import { movesSuite } from '../moves/moves.suite.js';
import { type StorageFixture, storageSuite } from '../storage.suite.js';
import { trashSuite } from '../trash/trash.suite.js';
import { txNoteSuite } from '../tx-notes/tx-notes.suite.js';
import { openSqlite } from './connect.js';

async function fixture(): Promise<StorageFixture> {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-sqlite-'));
  const storage = openSqlite(join(dir, 'test.db'));
  return {
    storage,
    async cleanup() {
      await storage.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

storageSuite('sqlite', fixture);
catalogSuite('sqlite', fixture);
txNoteSuite('sqlite', fixture);
trashSuite('sqlite', fixture);
linksSuite('sqlite', fixture);
historySuite('sqlite', fixture);
movesSuite('sqlite', fixture);
blobSuite('sqlite, in the database', fixture);
blobSuite('sqlite, as files', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-sqlite-'));
  const blobDir = join(dir, 'blobs');
  const storage = openSqlite(join(dir, 'test.db'), { blobDir });
  return {
    storage,
    blobDir,
    async cleanup() {
      await storage.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

test('a data directory SQLite creates is private to its owner', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-sqlite-'));
  try {
    const storage = openSqlite(join(dir, 'fresh', 'nested', 'tessera.db'));
    await storage.close();
    assert.equal(statSync(join(dir, 'fresh', 'nested')).mode & 0o077, 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
