// `tessera trash purge-expired` (cron's way to the scheduled purge) against a
// running backend's site: entries whose time is up go, the others stay.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startServer, stop } from './process.js';
import { call, siteDir, tessera } from './sites.js';

test('trash purge-expired removes expired entries only', async () => {
  const site = await siteDir('sqlite');
  // The server's own timer is off: only the command purges.
  const env = { ...site.env, TESSERA_TRASH_PURGE_INTERVAL: '0' };
  const server = await startServer([], env);
  try {
    const base = server.url;
    for (const id of ['early', 'late'])
      assert.equal((await call(base, 'POST', '/', { '@type': 'Document', id, title: id })).status, 201);
    assert.equal((await call(base, 'DELETE', '/early')).status, 204);
    assert.equal((await call(base, 'DELETE', '/late')).status, 204);
    // The first one's 30 days are up.
    const storage = site.open();
    try {
      await storage.db
        .updateTable('trash')
        .set({ expires_at: '2020-01-01T00:00:00.000Z' })
        .where('id', '=', 'early')
        .execute();
    } finally {
      await storage.close();
    }
    const run = await tessera(['trash', 'purge-expired'], env);
    assert.equal(run.code, 0, run.out + run.err);
    assert.match(run.out, /Purged 1 expired trash entries \(1 objects\)/);
    const left = await call(base, 'GET', '/@trash');
    assert.deepEqual(
      left.json.items.map((e: any) => e.id),
      ['late'],
    );
    assert.equal((await tessera(['trash', 'bogus'], env)).code, 2);
  } finally {
    await stop(server);
    await site.cleanup();
  }
});
