import { storageSuite } from '../storage.suite.js';
import { createPostgresDatabase } from '../test-databases.js';
import { openPostgres } from './connect.js';

storageSuite('postgres', async () => {
  const database = await createPostgresDatabase();
  const storage = openPostgres(database.url);
  return {
    storage,
    async cleanup() {
      await storage.close();
      await database.drop();
    },
  };
});
