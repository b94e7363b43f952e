import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { blobSuite } from '../blobs/blobs.suite.js';
import { catalogSuite } from '../catalog/catalog.suite.js';
import { type StorageFixture, storageSuite } from '../storage.suite.js';
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
