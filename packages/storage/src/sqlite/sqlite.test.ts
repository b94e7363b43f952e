import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
