// A write that loses a race inside PostgreSQL runs again as a whole
// (KyselyStorage.writeWithRetry, decision 0021). The race is real: another
// session holds a row the write needs and then asks for the commit lock the
// write holds — a deadlock, which PostgreSQL breaks by aborting the write
// (it waited first, so its deadlock check fires first).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import pg from 'pg';
import { createPostgresDatabase } from '../test-databases.js';
import { openPostgres } from './connect.js';

test('postgres: a write chosen as a deadlock victim runs again as a whole and commits once', async () => {
  const database = await createPostgresDatabase();
  const storage = openPostgres(database.url);
  const other = new pg.Client({ connectionString: database.url });
  try {
    await storage.migrate();
    await storage.write({ principal: 'setup' }, (tx) => tx.setSetting('contended', 0));
    await other.connect();
    await other.query('BEGIN');
    await other.query(`select key from settings where key = 'contended' for update`);

    let attempts = 0;
    const writing = storage.write({ principal: 'racer' }, async (tx) => {
      attempts++;
      // The first attempt holds the commit lock and waits here for `other`.
      await tx.setSetting('contended', attempts);
      return attempts;
    });
    await new Promise((r) => setTimeout(r, 300));
    // Close the cycle: `other` now waits for the commit lock the write holds.
    const closing = other
      .query('select id from commit_lock where id = 1 for update')
      .then(() => other.query('COMMIT'));

    assert.equal(await writing, 2, 'the second attempt committed');
    await closing;
    assert.equal(attempts, 2);
    const value = await storage.read((tx) => tx.getSetting<number>('contended'));
    assert.equal(value, 2);
    // The aborted attempt left nothing: one transaction row for the racer.
    const racers = await other.query(`select count(*)::int as n from transactions where principal = 'racer'`);
    assert.equal(racers.rows[0].n, 1);
  } finally {
    await other.end().catch(() => {});
    await storage.close();
    await database.drop();
  }
});
