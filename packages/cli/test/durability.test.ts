// Durability under faults (issue #6 §4), with real server processes:
// - kill -9 of a backend during 200 concurrent writes: every acknowledged
//   write is there after the restart, no object is half-written, and the
//   catalog agrees with the content — on SQLite, PostgreSQL and MariaDB;
// - the database server stopped under load: requests fail cleanly with 503
//   (no 500, no hang) while it is down, the backend stays up, and it serves
//   again by itself once the server is back.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { createMysqlDatabase, createPostgresDatabase } from '@tessera/storage/test-databases';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { ADMIN_PASSWORD, api } from './http.js';
import { createPrivateMariadb, createPrivatePostgres, type PrivateServer } from './private-servers.js';
import { startServer, stop } from './process.js';

const cleanups: Array<() => Promise<void> | void> = [];
after(async () => {
  for (const fn of cleanups.reverse()) await fn();
});

const DATABASES = {
  sqlite: async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tessera-durable-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    return { TESSERA_DATA: dir };
  },
  postgres: async () => {
    const db = await createPostgresDatabase();
    cleanups.push(() => db.drop());
    return { TESSERA_DB: db.url };
  },
  mysql: async () => {
    const db = await createMysqlDatabase();
    cleanups.push(() => db.drop());
    return { TESSERA_DB: db.url };
  },
};

for (const [kind, makeDb] of Object.entries(DATABASES)) {
  test(`${kind}: kill -9 during 200 concurrent writes loses no acknowledged write and leaves no partial object`, async () => {
    const env = { ...(await makeDb()), TESSERA_ADMIN_PASSWORD: ADMIN_PASSWORD, TESSERA_LOG_LEVEL: 'info' };
    let server = await startServer([], env);
    const acked = new Map<string, number>(); // @id → i
    try {
      const folder = await api(server.url, '/', {
        method: 'POST',
        body: { '@type': 'Folder', id: 'load', title: 'Load' },
      });
      assert.equal(folder.status, 201);
      let killed = false;
      const writes = Array.from({ length: 200 }, async (_, i) => {
        const r = await api(server.url, '/load', {
          method: 'POST',
          body: {
            '@type': 'Document',
            title: `write ${i}`,
            description: `description of write ${i} marker${i}x`,
            subjects: [`w${i}`],
          },
        }).catch(() => undefined); // the connection died with the process
        if (r?.status === 201 && !killed) acked.set(r.body['@id'], i);
        // Kill once a quarter are acknowledged: the rest are in flight.
        if (acked.size >= 50 && !killed) {
          killed = true;
          server.proc.kill('SIGKILL');
        }
      });
      await Promise.all(writes);
      assert.ok(killed, 'the server was killed mid-load');
      await new Promise((r) =>
        server.proc.exitCode !== null || server.proc.signalCode ? r(null) : server.proc.once('exit', r),
      );

      server = await startServer([], env);
      // Every acknowledged write is there, whole.
      for (const [id, i] of acked) {
        const path = new URL(id).pathname;
        const got = await api(server.url, path);
        assert.equal(got.status, 200, `acknowledged ${path} is missing`);
        assert.equal(got.body.title, `write ${i}`);
        assert.equal(got.body.description, `description of write ${i} marker${i}x`);
        assert.deepEqual(got.body.subjects, [`w${i}`]);
      }
      // Whatever else made it is whole too, and the catalog agrees with the content.
      const listing = (await api(server.url, '/load?b_size=1000&fullobjects=1')).body;
      assert.ok(listing.items_total >= acked.size);
      for (const item of listing.items) {
        const i = /^write (\d+)$/.exec(item.title)?.[1];
        assert.ok(i, `unexpected item ${JSON.stringify(item.title)}`);
        assert.equal(item.description, `description of write ${i} marker${i}x`);
        assert.deepEqual(item.subjects, [`w${i}`]);
      }
      const search = (
        await api(
          server.url,
          '/@search?path.query=/load&path.depth=1&b_size=1000&metadata_fields=description',
        )
      ).body;
      assert.equal(search.items_total, listing.items_total);
      const catalogued = new Map(search.items.map((b: any) => [b['@id'], b]));
      for (const item of listing.items) {
        const brain = catalogued.get(item['@id']) as any;
        assert.ok(brain, `${item['@id']} is not in the catalog`);
        assert.equal(brain.title, item.title);
        assert.equal(brain.description, item.description);
      }
      // The words of a surviving write are found.
      const [someId, someI] = [...acked][0]!;
      const words = (await api(server.url, `/@search?SearchableText=marker${someI}x`)).body;
      assert.ok(
        words.items?.some((b: any) => new URL(b['@id']).pathname === new URL(someId).pathname),
        JSON.stringify(words),
      );
    } finally {
      await stop(server);
    }
  });
}

const RESTARTABLE: Record<string, () => Promise<{ server: PrivateServer; url: string }>> = {
  postgres: async () => {
    const server = await createPrivatePostgres();
    const admin = new pg.Client({ connectionString: server.url });
    await admin.connect();
    await admin.query('CREATE DATABASE tessera');
    await admin.end();
    return { server, url: server.url.replace(/\/postgres$/, '/tessera') };
  },
  mysql: async () => {
    const server = await createPrivateMariadb();
    const admin = await mysql.createConnection({ uri: server.url });
    await admin.query('CREATE DATABASE tessera CHARACTER SET utf8mb4 COLLATE utf8mb4_bin');
    await admin.end();
    return { server, url: `${server.url}tessera` };
  },
};

for (const [kind, makeServer] of Object.entries(RESTARTABLE)) {
  test(`${kind}: the database server stopped under load gives 503s, then the backend recovers by itself`, async () => {
    const { server, url } = await makeServer();
    cleanups.push(() => server.destroy());
    const backend = await startServer([], { TESSERA_DB: url, TESSERA_ADMIN_PASSWORD: ADMIN_PASSWORD });
    try {
      assert.equal(
        (await api(backend.url, '/', { method: 'POST', body: { '@type': 'Folder', id: 'f', title: 'F' } }))
          .status,
        201,
      );

      // Steady load: reads and writes from 8 clients, each request's status and duration recorded by phase.
      // Only requests that start and end inside one phase count; the moments of stopping and starting are left out.
      let phase: 'up' | 'stopping' | 'down' | 'starting' | 'back' = 'up';
      let running = true;
      const seen: Record<string, Map<number, number>> = { up: new Map(), down: new Map(), back: new Map() };
      let slowest = 0;
      const acked: string[] = [];
      const client = async (n: number) => {
        for (let k = 0; running; k++) {
          const at = phase;
          const started = Date.now();
          const r =
            k % 3 === 0
              ? await api(backend.url, '/f', {
                  method: 'POST',
                  body: { '@type': 'Document', title: `c${n}-${k}` },
                })
              : await api(backend.url, k % 2 ? '/f' : '/@search?portal_type=Document');
          slowest = Math.max(slowest, Date.now() - started);
          if (at === phase && seen[at]) seen[at]!.set(r.status, (seen[at]!.get(r.status) ?? 0) + 1);
          if (r.status === 201) acked.push(new URL(r.body['@id']).pathname);
          if (r.status === 503) {
            assert.equal(r.body.error.type, 'ServiceUnavailable');
            assert.equal(r.headers.get('retry-after'), '5');
          }
          await new Promise((res) => setTimeout(res, 20));
        }
      };
      const clients = Array.from({ length: 8 }, (_, n) => client(n));
      // Each phase lasts until reads and writes have both completed inside it
      // (on a loaded machine a request can take longer than a fixed second).
      const untilBoth = async (m: Map<number, number>, min: number) => {
        const from = Date.now();
        while (Date.now() - from < min || !(m.has(200) && m.has(201))) {
          assert.ok(Date.now() - from < 30_000, `a phase saw ${JSON.stringify([...m])}`);
          await new Promise((r) => setTimeout(r, 100));
        }
      };
      await untilBoth(seen.up!, 1000);

      phase = 'stopping';
      await server.stop();
      phase = 'down';
      await new Promise((r) => setTimeout(r, 3000));
      // The process is alive: liveness answers, readiness tells the load balancer to look elsewhere.
      assert.equal((await fetch(`${backend.url}/ok`)).status, 200);
      assert.equal((await fetch(`${backend.url}/ready`)).status, 503);
      assert.equal(backend.proc.exitCode, null);

      phase = 'starting';
      await server.start();
      const backAt = Date.now();
      // Recovery without a restart: the pool reconnects on its own.
      for (;;) {
        if ((await fetch(`${backend.url}/ready`)).status === 200) break;
        assert.ok(Date.now() - backAt < 15_000, 'the backend did not recover within 15 s');
        await new Promise((r) => setTimeout(r, 100));
      }
      // A moment for connections opened while the server was starting up to be replaced.
      await new Promise((r) => setTimeout(r, 500));
      phase = 'back';
      await untilBoth(seen.back!, 1500);
      running = false;
      await Promise.all(clients);

      const only = (m: Map<number, number>) => [...m.keys()].sort();
      assert.deepEqual(only(seen.up!), [200, 201]);
      assert.deepEqual(only(seen.down!), [503], `while down: ${JSON.stringify([...seen.down!])}`);
      assert.deepEqual(only(seen.back!), [200, 201], `after: ${JSON.stringify([...seen.back!])}`);
      // No request hung: the pool gives up on a connection after 5 s.
      assert.ok(slowest < 10_000, `slowest request took ${slowest} ms`);
      // Every acknowledged write, before and after the outage, is there.
      for (const path of acked) assert.equal((await api(backend.url, path)).status, 200, path);
    } catch (err) {
      // What the backend said is the first thing to read when this fails.
      process.stderr.write(backend.stdout().slice(-5000));
      throw err;
    } finally {
      await stop(backend);
    }
  });
}
