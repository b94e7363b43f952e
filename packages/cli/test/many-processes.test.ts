// Several backend processes on one database server (issue #6 §2): `serve
// --workers N`, and separate servers (as on separate hosts) that must agree
// with each other at once: a read in process B right after a write in
// process A sees the write; concurrent writers lose nothing; If-Match makes
// exactly one of several racing edits win; no lock is left behind.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import {
  createMysqlDatabase,
  createPostgresDatabase,
  type TestDatabase,
} from '@tessera/storage/test-databases';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { ADMIN_PASSWORD, api } from './http.js';
import { type Running, startServer, stop } from './process.js';

/** The pids whose parent is `pid` (the workers of a supervisor). */
function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // pid (comm) state ppid …; comm may hold spaces, so split after the last ')'.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) out.push(Number(name));
    } catch {
      // the process ended meanwhile
    }
  }
  return out;
}

async function waitFor<T>(what: string, fn: () => Promise<T | undefined> | T | undefined, ms = 20_000) {
  const until = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const SERVERS = [
  { kind: 'postgres', create: createPostgresDatabase },
  { kind: 'mysql', create: createMysqlDatabase },
] as const;

for (const { kind, create } of SERVERS) {
  describe(`many processes on ${kind}`, () => {
    let db: TestDatabase;
    let a: Running; // two workers behind one port
    let b: Running; // a second "host"
    before(async () => {
      db = await create();
      const env = { TESSERA_DB: db.url, TESSERA_ADMIN_PASSWORD: ADMIN_PASSWORD };
      a = await startServer(['--workers', '2'], env);
      b = await startServer([], env);
    });
    after(async () => {
      if (a) await stop(a);
      if (b) await stop(b);
      await db?.drop();
    });

    test('--workers 2 forks two workers; one killed is replaced and the port keeps answering', async () => {
      const workers = await waitFor('two workers', () => {
        const c = childrenOf(a.proc.pid!);
        return c.length === 2 ? c : undefined;
      });
      assert.equal((await api(a.url, '/')).status, 200);
      process.kill(workers[0]!, 'SIGKILL');
      const replaced = await waitFor('a new worker', () => {
        const c = childrenOf(a.proc.pid!);
        return c.length === 2 && !c.includes(workers[0]!) ? c : undefined;
      });
      assert.ok(replaced.includes(workers[1]!));
      for (let i = 0; i < 10; i++) assert.equal((await api(a.url, '/')).status, 200);
    });

    test('a read on one server right after a write on another never sees the old state', async () => {
      const created = await api(a.url, '/', {
        method: 'POST',
        body: { '@type': 'Document', id: 'coherent', title: 'v0' },
      });
      assert.equal(created.status, 201);
      for (let i = 1; i <= 30; i++) {
        // Warm B's cache with the current state, then change it through A.
        assert.equal((await api(b.url, '/coherent')).body.title, `v${i - 1}`);
        const w = await api(a.url, '/coherent', { method: 'PATCH', body: { title: `v${i}` } });
        assert.equal(w.status, 204);
        // The very next read on the other process: no stale window at all.
        assert.equal((await api(b.url, '/coherent')).body.title, `v${i}`);
        // …and through the listing of its parent, also cached by B.
        const items = (await api(b.url, '/?fullobjects=0')).body.items as Array<{
          title: string;
          '@id': string;
        }>;
        assert.equal(items.find((it) => it['@id'].endsWith('/coherent'))?.title, `v${i}`);
      }
      // Permissions: published in A, visible to anonymous in B at once; retracted, gone at once.
      assert.equal((await api(b.url, '/coherent', { anonymous: true })).status, 401);
      assert.equal((await api(a.url, '/coherent/@workflow/publish', { method: 'POST' })).status, 200);
      assert.equal((await api(b.url, '/coherent', { anonymous: true })).status, 200);
      assert.equal((await api(a.url, '/coherent/@workflow/retract', { method: 'POST' })).status, 200);
      assert.equal((await api(b.url, '/coherent', { anonymous: true })).status, 401);
    });

    test('concurrent edits of different fields of one object from two servers lose nothing', async () => {
      assert.equal(
        (await api(a.url, '/', { method: 'POST', body: { '@type': 'Document', id: 'shared', title: 't' } }))
          .status,
        201,
      );
      for (let round = 0; round < 8; round++) {
        const patches = [
          { title: `title ${round}` },
          { description: `description ${round}` },
          { subjects: [`subject-${round}`] },
          { rights: `rights ${round}` },
          { language: round % 2 ? 'de' : 'en' },
          { exclude_from_nav: round % 2 === 1 },
        ];
        const results = await Promise.all(
          patches.map((body, i) => api(i % 2 ? b.url : a.url, '/shared', { method: 'PATCH', body })),
        );
        assert.deepEqual(
          results.map((r) => r.status),
          patches.map(() => 204),
        );
        const now = (await api(b.url, '/shared')).body;
        assert.equal(now.title, `title ${round}`);
        assert.equal(now.description, `description ${round}`);
        assert.deepEqual(now.subjects, [`subject-${round}`]);
        assert.equal(now.rights, `rights ${round}`);
        assert.equal(now.language?.token ?? now.language, round % 2 ? 'de' : 'en');
        assert.equal(now.exclude_from_nav, round % 2 === 1);
      }
    });

    test('concurrent creates with one title from two servers get distinct ids, all kept', async () => {
      assert.equal(
        (await api(a.url, '/', { method: 'POST', body: { '@type': 'Folder', id: 'crowd', title: 'Crowd' } }))
          .status,
        201,
      );
      const results = await Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          api(i % 2 ? b.url : a.url, '/crowd', {
            method: 'POST',
            body: { '@type': 'Document', title: 'Same' },
          }),
        ),
      );
      assert.deepEqual(
        results.map((r) => r.status),
        results.map(() => 201),
      );
      const ids = new Set(results.map((r) => r.body.id));
      assert.equal(ids.size, 30);
      const listed = (await api(b.url, '/crowd?b_size=100')).body;
      assert.equal(listed.items_total, 30);
      const found = (await api(a.url, '/@search?path.query=/crowd&path.depth=1&b_size=100')).body;
      assert.equal(found.items_total, 30);
    });

    test('If-Match: of several edits racing from one version exactly one wins, the rest get 412', async () => {
      assert.equal(
        (await api(a.url, '/', { method: 'POST', body: { '@type': 'Document', id: 'race', title: 'start' } }))
          .status,
        201,
      );
      for (let round = 0; round < 3; round++) {
        const etag = (await api(b.url, '/race')).headers.get('etag')!;
        assert.ok(etag);
        const results = await Promise.all(
          Array.from({ length: 8 }, (_, i) =>
            api(i % 2 ? b.url : a.url, '/race', {
              method: 'PATCH',
              body: { title: `winner ${round}-${i}` },
              headers: { 'if-match': etag },
            }),
          ),
        );
        const statuses = results.map((r) => r.status).sort();
        assert.deepEqual(statuses, [204, 412, 412, 412, 412, 412, 412, 412], JSON.stringify(statuses));
        const winner = results.findIndex((r) => r.status === 204);
        assert.equal((await api(a.url, '/race')).body.title, `winner ${round}-${winner}`);
        assert.equal(results.find((r) => r.status === 412)?.body.error.type, 'PreconditionFailed');
      }
    });

    test('no transaction or lock is left open afterwards', async () => {
      const name = new URL(db.url).pathname.slice(1);
      await waitFor('idle connections', async () => {
        if (kind === 'postgres') {
          const c = new pg.Client({ connectionString: db.url });
          await c.connect();
          try {
            const open = await c.query(
              `select count(*)::int as n from pg_stat_activity where datname = $1 and state like 'idle in transaction%'`,
              [name],
            );
            const waiting = await c.query('select count(*)::int as n from pg_locks where not granted');
            return open.rows[0].n === 0 && waiting.rows[0].n === 0 ? true : undefined;
          } finally {
            await c.end();
          }
        }
        const c = await mysql.createConnection({ uri: db.url });
        try {
          const [rows] = await c.query('select count(*) as n from information_schema.innodb_trx');
          return Number((rows as Array<{ n: number }>)[0]!.n) === 0 ? true : undefined;
        } finally {
          await c.end();
        }
      });
    });
  });
}

test('--workers > 1 on the embedded SQLite database is refused with a clear message', async () => {
  await assert.rejects(
    startServer(['--workers', '2'], {
      TESSERA_DATA: '/tmp/tessera-no-workers',
      TESSERA_ADMIN_PASSWORD: 'x-secret-pw',
    }),
    /workers > 1 needs PostgreSQL or MariaDB/,
  );
});
