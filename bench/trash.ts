// Trash a 1,000-item subtree with DELETE and bring it back with
// POST @trash/<uid>/restore, through the real app (inject, no socket):
// wall time of each request and the rows each one wrote, per table.
//   node --import tsx bench/trash.ts [--items 1000] [--rounds 3] [--db sqlite|postgres|mysql]
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildApp, initSite } from '@tessera/api';
import { newUid, parseConfig, securityFor, windowOf } from '@tessera/core';
import { openStorage } from '@tessera/storage';
import { createTestDatabase } from '@tessera/storage/test-databases';
import pino from 'pino';

const { values } = parseArgs({
  options: {
    items: { type: 'string', default: '1000' },
    rounds: { type: 'string', default: '3' },
    db: { type: 'string', default: 'sqlite' },
  },
});
const items = Number(values.items);
const rounds = Number(values.rounds);
const database = await createTestDatabase(values.db);
const dir = mkdtempSync(join(os.tmpdir(), 'tessera-bench-trash-'));
const password = 'bench-password-123';
const config = parseConfig({
  data: dir,
  db: database?.url ?? '',
  adminPassword: password,
  logLevel: 'silent',
});
const storage = openStorage({ db: config.db, dataDir: config.data, blobDir: config.blobDir });
await storage.migrate();
await initSite({ storage, config });
const { app, site } = await buildApp({ config, storage, logger: pino({ level: 'silent' }) });
await app.ready();
const auth = `Basic ${Buffer.from(`admin:${password}`).toString('base64')}`;
const call = (method: string, url: string, body?: unknown) =>
  app.inject({
    method: method as 'GET',
    url,
    headers: { authorization: auth, accept: 'application/json', 'content-type': 'application/json' },
    payload: body === undefined ? undefined : JSON.stringify(body),
  });

// The subtree: one folder holding folders of 100 documents each, written as
// createContent would (own security computed from the container).
const seedStart = performance.now();
const rootUid = await storage.write({ principal: 'bench' }, async (tx) => {
  const siteRoot = (await tx.byPath(''))!;
  const make = async (parent: { uid: string; security: any }, id: string, type: string) => {
    const data = {
      title: id,
      review_state: 'private',
      local_roles: { admin: ['Owner'] },
      creators: ['admin'],
    };
    const { security, view } = securityFor(parent.security, type, data, site.workflows);
    const now = new Date().toISOString();
    return tx.insert({
      uid: newUid(),
      parentUid: parent.uid,
      id,
      type,
      created: now,
      modified: now,
      data,
      security,
      view,
      ...windowOf(data),
    });
  };
  const top = await make(siteRoot, 'archive', 'Folder');
  let made = 1;
  for (let f = 0; made < items; f++) {
    const folder = await make(top, `batch-${f}`, 'Folder');
    made++;
    for (let d = 0; d < 99 && made < items; d++, made++) await make(folder, `doc-${d}`, 'Document');
  }
  return top.uid;
});
console.log(
  `seeded ${items} items in ${((performance.now() - seedStart) / 1000).toFixed(1)} s (${values.db})`,
);

const TABLES = [
  'objects',
  'object_view',
  'catalog',
  'revisions',
  'trash',
  'trash_objects',
  'trash_view',
] as const;
const counts = async () => {
  const out: Record<string, number> = {};
  for (const t of TABLES) {
    const row = await storage.db
      .selectFrom(t)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    out[t] = Number(row.n);
  }
  return out;
};
const delta = (a: Record<string, number>, b: Record<string, number>) =>
  TABLES.map((t) => `${t} ${b[t]! - a[t]! >= 0 ? '+' : ''}${b[t]! - a[t]!}`).join(', ');

try {
  for (let r = 1; r <= rounds; r++) {
    const c0 = await counts();
    let t = performance.now();
    const del = await call('DELETE', '/archive');
    const trashMs = performance.now() - t;
    if (del.statusCode !== 204) throw new Error(`DELETE answered ${del.statusCode}: ${del.body}`);
    const c1 = await counts();
    t = performance.now();
    const back = await call('POST', `/@trash/${rootUid}/restore`);
    const restoreMs = performance.now() - t;
    if (back.statusCode !== 200) throw new Error(`restore answered ${back.statusCode}: ${back.body}`);
    const c2 = await counts();
    console.log(`round ${r}: trash ${trashMs.toFixed(0)} ms, restore ${restoreMs.toFixed(0)} ms`);
    if (r === 1) {
      console.log(`  trash rows:   ${delta(c0, c1)}`);
      console.log(`  restore rows: ${delta(c1, c2)}`);
    }
  }
} finally {
  await app.close();
  await storage.close();
  await database?.drop();
  rmSync(dir, { recursive: true, force: true });
}
