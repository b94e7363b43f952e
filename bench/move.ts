// Moving a folder with 10,000 descendants: how long the move transaction
// takes and how many rows it writes, per table, inside and outside the moved
// subtree (outside must be 0). Seeds through the storage API directly.
//   node --import tsx bench/move.ts [--db sqlite|postgres|mysql] [--folders 100] [--per-folder 99] [--others 2000]
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { type ContentRecord, recordMove, type Storage, type WriteTx } from '@tessera/core';
import { type KyselyStorage, openStorage, type RootWriteTx } from '@tessera/storage';
import { createMysqlDatabase, createPostgresDatabase } from '@tessera/storage/test-databases';

const { values: args } = parseArgs({
  options: {
    db: { type: 'string', default: 'sqlite' },
    folders: { type: 'string', default: '100' },
    'per-folder': { type: 'string', default: '99' },
    others: { type: 'string', default: '2000' },
  },
});
const FOLDERS = Number(args.folders);
const PER_FOLDER = Number(args['per-folder']);
const OTHERS = Number(args.others);

const now = '2026-01-01T00:00:00+00:00';
const OPEN = { security: { local: {}, perms: {} }, view: ['Anonymous'], effective: null, expires: null };
let n = 0;
const uid = () => `b${(++n).toString(16).padStart(31, '0')}`;
const add = (tx: WriteTx, parent: ContentRecord, id: string, type = 'Document') =>
  tx.insert({
    uid: uid(),
    parentUid: parent.uid,
    id,
    type,
    created: now,
    modified: now,
    data: { title: `${type} ${id}`, description: 'seeded for bench/move.ts' },
    ...OPEN,
  });

async function open(): Promise<{ storage: Storage; done: () => Promise<void> }> {
  if (args.db === 'sqlite') {
    const dir = mkdtempSync(join(os.tmpdir(), 'tessera-bench-move-'));
    const storage = openStorage({ db: '', dataDir: dir });
    return { storage, done: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const database = args.db === 'postgres' ? await createPostgresDatabase() : await createMysqlDatabase();
  const storage = openStorage({ db: database.url, dataDir: os.tmpdir() });
  return { storage, done: () => database.drop() };
}

/** Per table, the rows (by uid) as strings, to count what a write changed. */
async function rows(storage: Storage) {
  const db = (storage as KyselyStorage).db;
  const objects = new Map<string, string>();
  for (const r of await db
    .selectFrom('objects')
    .select(['uid', 'path', 'tid', 'parent_uid', 'position'])
    .execute())
    objects.set(r.uid, `${r.path}|${r.tid}|${r.parent_uid}|${r.position}`);
  const catalog = new Map<string, string>();
  for (const r of await db
    .selectFrom('catalog')
    .select(['uid', 'path', 'depth', 'parent_uid', 'position'])
    .execute())
    catalog.set(r.uid, `${r.path}|${r.depth}|${r.parent_uid}|${r.position}`);
  return { objects, catalog };
}

const { storage, done } = await open();
try {
  await storage.migrate();
  const t0 = performance.now();
  const { big, dest } = await storage.write({ principal: 'bench' }, async (tx) => {
    const root = await (tx as RootWriteTx).insertRoot({
      uid: uid(),
      id: 'site',
      type: 'Plone Site',
      created: now,
      modified: now,
      data: {},
      ...OPEN,
    });
    const big = await add(tx, root, 'big', 'Folder');
    const dest = await add(tx, root, 'dest', 'Folder');
    const other = await add(tx, root, 'other', 'Folder');
    for (let i = 0; i < OTHERS; i++) await add(tx, other, `o${i}`);
    return { big, dest };
  });
  for (let f = 0; f < FOLDERS; f++) {
    await storage.write({ principal: 'bench' }, async (tx) => {
      const folder = await add(tx, big, `f${f}`, 'Folder');
      for (let d = 0; d < PER_FOLDER; d++) await add(tx, folder, `d${d}`);
    });
  }
  const seeded = performance.now() - t0;
  const descendants = FOLDERS * (PER_FOLDER + 1);
  const before = await rows(storage);
  const tidBefore = await storage.lastTid();

  const t1 = performance.now();
  const result = await storage.write({ principal: 'bench' }, async (tx) => {
    const moved = await tx.moveTree(big.uid, dest.uid, 'big');
    await recordMove(tx, moved.oldPath, moved.newPath, big.uid, new Date());
    return moved;
  });
  const ms = performance.now() - t1;

  const after = await rows(storage);
  const movedSet = new Set(result.uids);
  const count = (table: 'objects' | 'catalog') => {
    let inside = 0;
    let outside = 0;
    for (const [u, v] of before[table]) {
      if (after[table].get(u) === v) continue;
      if (movedSet.has(u)) inside++;
      else outside++;
    }
    return { inside, outside };
  };
  const db = (storage as KyselyStorage).db;
  const revisions = await db.selectFrom('revisions').select('uid').where('tid', '>', tidBefore).execute();
  const changes = await db.selectFrom('object_changes').select('uid').where('tid', '>', tidBefore).execute();
  const objects = count('objects');
  const catalog = count('catalog');
  const ok = objects.outside === 0 && catalog.outside === 0 && result.newPath === '/dest/big';
  console.log(
    `# bench/move.ts on ${args.db}: ${descendants} descendants (+${OTHERS} objects elsewhere), seeded in ${(seeded / 1000).toFixed(1)} s`,
  );
  console.log(`move /big → /dest/big: ${ms.toFixed(0)} ms (${result.uids.length} objects moved)`);
  console.log(`objects rows changed: ${objects.inside} in the subtree, ${objects.outside} outside`);
  console.log(`catalog rows changed: ${catalog.inside} in the subtree, ${catalog.outside} outside`);
  console.log(`revisions written: ${revisions.length}; object_changes rows: ${changes.length}; redirects: 1`);
  console.log(ok ? 'OK: no row outside the subtree changed' : 'FAIL: rows outside the subtree changed');
  process.exitCode = ok ? 0 : 1;
} finally {
  await storage.close();
  await done();
}
