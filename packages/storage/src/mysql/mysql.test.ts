import { storageSuite } from '../storage.suite.js';
import { createMysqlDatabase } from '../test-databases.js';
import { openMysql } from './connect.js';

storageSuite('mysql (MariaDB)', async () => {
  const database = await createMysqlDatabase();
  const storage = openMysql(database.url);
  return {
    storage,
    async cleanup() {
      await storage.close();
      await database.drop();
    },
  };
});
