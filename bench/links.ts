// Links table (docs/links-and-relations.md): what keeping links in step with
// writes costs, and how fast the link-integrity and relation queries are.
//
//   node --import tsx bench/links.ts [--sources 5000] [--targets 1000] [--db URL]
//
// Seeds a folder of targets and a folder of sources (each source: a slate
// link, a teaser and a relatedItems value into the targets), then times:
// the write of a document with a 1 MB blocks JSON (extraction + rows), the
// breaches of the whole target folder (@linkintegrity's query), statistics,
// a source query, and a rebuild of every object's links.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { extractLinks, type WriteTx } from '@tessera/core';
import { openStorage, type RootWriteTx } from '@tessera/storage';

function opt(name: string, def: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : def;
}
const SOURCES = Number(opt('sources', '5000'));
const TARGETS = Number(opt('targets', '1000'));
const dir = mkdtempSync(join(tmpdir(), 'tessera-bench-links-'));
const storage = openStorage({ db: opt('db', ''), dataDir: dir });
const now = new Date().toISOString();
const OPEN = { security: { local: {}, perms: {} }, view: ['Anonymous'], effective: null, expires: null };
let n = 0;
const uid = () => `b${(++n).toString(16).padStart(31, '0')}`;
const add = (tx: WriteTx, parentUid: string, id: string, type: string, data: Record<string, unknown>) =>
  tx.insert({ uid: uid(), parentUid, id, type, created: now, modified: now, data, ...OPEN });

async function time<T>(label: string, fn: () => Promise<T>, extra = (_: T) => ''): Promise<T> {
  const t0 = performance.now();
  const out = await fn();
  const ms = performance.now() - t0;
  console.log(`${label.padEnd(58)} ${ms.toFixed(1).padStart(9)} ms  ${extra(out)}`);
  return out;
}

function bigBlocks(links: number) {
  const blocks: Record<string, unknown> = {};
  for (let i = 0; i < 4000; i++)
    blocks[`b${i}`] = {
      '@type': 'slate',
      value: [
        {
          type: 'p',
          children: [
            { text: 'lorem ipsum dolor '.repeat(10) },
            { type: 'link', data: { url: `/targets/t${i % links}` }, children: [{ text: 'x' }] },
          ],
        },
      ],
    };
  return blocks;
}

await storage.migrate();
const targetUids: string[] = [];
let sourcesUid = '';
let targetsPath = '';
await time(`seed ${TARGETS} targets, ${SOURCES} sources (3 links each)`, () =>
  storage.write({ principal: 'bench' }, async (tx) => {
    const root = await (tx as RootWriteTx).insertRoot({
      uid: uid(),
      id: 'site',
      type: 'Plone Site',
      created: now,
      modified: now,
      data: {},
      ...OPEN,
    });
    const targets = await add(tx, root.uid, 'targets', 'Folder', { title: 'Targets' });
    targetsPath = targets.path;
    for (let i = 0; i < TARGETS; i++)
      targetUids.push((await add(tx, targets.uid, `t${i}`, 'Document', {})).uid);
    sourcesUid = (await add(tx, root.uid, 'sources', 'Folder', { title: 'Sources' })).uid;
    for (let i = 0; i < SOURCES; i++)
      await add(tx, sourcesUid, `s${i}`, 'Document', {
        relatedItems: [targetUids[i % TARGETS]],
        blocks: {
          a: { '@type': 'slate', value: [{ type: 'link', data: { url: `/targets/t${(i + 1) % TARGETS}` } }] },
          b: { '@type': 'teaser', href: [{ '@id': `/targets/t${(i + 2) % TARGETS}` }] },
        },
      });
  }),
);

const blocks = bigBlocks(200);
const size = JSON.stringify(blocks).length;
await time(
  `extract links of a ${(size / 1e6).toFixed(2)} MB blocks JSON (pure)`,
  async () => extractLinks({ blocks }, { relationFields: [] }),
  (l) => `${l.length} links`,
);
const big = await time(`insert a document with that blocks JSON (whole write)`, () =>
  storage.write({ principal: 'bench' }, (tx) => add(tx, sourcesUid, 'big', 'Document', { blocks })),
);
await time(`update it (links re-extracted, rows replaced)`, () =>
  storage.write({ principal: 'bench' }, (tx) => tx.update(big.uid, { data: { blocks: bigBlocks(150) } })),
);
await time(
  'breaches of the whole targets folder (incomingLinks)',
  () => storage.read((tx) => tx.incomingLinks([targetsPath])),
  (r) => `${r.length} links`,
);
await time(
  'breaches of one target',
  () => storage.read((tx) => tx.incomingLinks([`${targetsPath}/t7`])),
  (r) => `${r.length} links`,
);
await time(
  'statistics (linkStats, view filter Anonymous)',
  () => storage.read((tx) => tx.linkStats({ tokens: ['Anonymous'], activeAt: null })),
  (r) => JSON.stringify(r.stats),
);
await time(
  'relations to one target (links by target)',
  () => storage.read((tx) => tx.links({ target: targetUids[3] }, { tokens: ['Anonymous'], activeAt: null })),
  (r) => `${r.length} links`,
);
await time(
  'rebuild every object’s links',
  () => storage.write({ principal: 'bench' }, (tx) => tx.rebuildLinks()),
  (r) => `${r.objects} objects, ${r.links} links`,
);
await storage.close();
rmSync(dir, { recursive: true, force: true });
