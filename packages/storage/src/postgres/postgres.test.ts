import { blobSuite } from '../blobs/blobs.suite.js';
import { catalogSuite } from '../catalog/catalog.suite.js';
import { historySuite } from '../history/history.suite.js';
import { linksSuite } from '../links/links.suite.js';
import { movesSuite } from '../moves/moves.suite.js';
import { type StorageFixture, storageSuite } from '../storage.suite.js';
import { createPostgresDatabase } from '../test-databases.js';
import { trashSuite } from '../trash/trash.suite.js';
import { txNoteSuite } from '../tx-notes/tx-notes.suite.js';
import { openPostgres } from './connect.js';

async function fixture(): Promise<StorageFixture> {
  const database = await createPostgresDatabase();
  const storage = openPostgres(database.url);
  return {
    storage,
    async cleanup() {
      await storage.close();
      await database.drop();
    },
  };
}

storageSuite('postgres', fixture);
catalogSuite('postgres', fixture);
txNoteSuite('postgres', fixture);
trashSuite('postgres', fixture);
linksSuite('postgres', fixture);
historySuite('postgres', fixture);
movesSuite('postgres', fixture);
blobSuite('postgres, in the database', fixture);
