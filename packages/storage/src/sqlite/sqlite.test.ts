import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { storageSuite } from '../storage.suite.js';
import { openSqlite } from './connect.js';

storageSuite('sqlite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-sqlite-'));
  const storage = openSqlite(join(dir, 'test.db'));
  return {
    storage,
    async cleanup() {
      await storage.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
