import { blobSuite } from '../blobs/blobs.suite.js';
import { catalogSuite } from '../catalog/catalog.suite.js';
import { historySuite } from '../history/history.suite.js';
import { linksSuite } from '../links/links.suite.js';
import { movesSuite } from '../moves/moves.suite.js';
import { type StorageFixture, storageSuite } from '../storage.suite.js';
import { createMysqlDatabase } from '../test-databases.js';
import { trashSuite } from '../trash/trash.suite.js';
import { txNoteSuite } from '../tx-notes/tx-notes.suite.js';
import { openMysql } from './connect.js';

async function fixture(): Promise<StorageFixture> {
  const database = await createMysqlDatabase();
  const storage = openMysql(database.url);
  return {
    storage,
    async cleanup() {
      await storage.close();
      await database.drop();
    },
  };
}

storageSuite('mysql', fixture);
catalogSuite('mysql', fixture);
txNoteSuite('mysql', fixture);
trashSuite('mysql', fixture);
linksSuite('mysql', fixture);
historySuite('mysql', fixture);
movesSuite('mysql', fixture);
blobSuite('mysql, in the database', fixture);
