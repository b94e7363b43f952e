// Working copy of a big folder: check-out, edit and check-in of a folder with
// --children items, timed through the service path (inject(), no socket),
// with the objects each step wrote (Storage.changesSince between tids). The
// point: a folder's working copy holds its own fields only, so the cost does
// not grow with its children (docs/working-copy.md). See bench/README.md.
//
//   node --import tsx bench/working-copy.ts [--children 10000] [--rounds 5] [--db URL]
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildApp, initSite } from '@tessera/api';
import { createContent, parseConfig, SYSTEM } from '@tessera/core';
import { openStorage } from '@tessera/storage';
import pino from 'pino';

const { values } = parseArgs({
  options: {
    children: { type: 'string', default: '10000' },
    rounds: { type: 'string', default: '5' },
    db: { type: 'string', default: '' },
  },
});
const children = Number(values.children);
const rounds = Number(values.rounds);

const dir = mkdtempSync(join(os.tmpdir(), 'tessera-bench-wcopy-'));
const password = 'bench-password-123';
const config = parseConfig({ data: dir, db: values.db, adminPassword: password, logLevel: 'silent' });
const storage = openStorage({ db: config.db, dataDir: config.data, blobDir: config.blobDir });
await storage.migrate();
await initSite({ storage, config });
const { app, site } = await buildApp({ config, storage, logger: pino({ level: 'silent' }) });
await app.ready();
const auth = `Basic ${Buffer.from(`admin:${password}`).toString('base64')}`;

async function call(method: string, url: string, body?: unknown) {
  const res = await app.inject({
    method: method as 'GET',
    url,
    headers: { authorization: auth, 'content-type': 'application/json', accept: 'application/json' },
    payload: body === undefined ? undefined : JSON.stringify(body),
  });
  if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
  return res;
}

/**
 * Runs one request; returns its time (ms) and how many objects it changed:
 * the uids the storage reports for its transaction (objects written, and the
 * containers whose listings changed with them), deduplicated.
 */
async function step(method: string, url: string, body?: unknown) {
  const before = await storage.lastTid();
  const t0 = performance.now();
  await call(method, url, body);
  const ms = performance.now() - t0;
  const changes = await storage.changesSince(before);
  return { ms, objects: new Set(changes.uids).size };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

try {
  const t0 = performance.now();
  await call('POST', '/', { '@type': 'Folder', id: 'section', title: 'Section' });
  const folder = (await storage.read((tx) => tx.byPath('/section')))!;
  for (let done = 0; done < children; ) {
    const n = Math.min(1000, children - done);
    await storage.write({ principal: 'bench' }, async (tx) => {
      for (let i = 0; i < n; i++)
        await createContent({
          tx,
          types: site.types,
          workflows: site.workflows,
          principal: SYSTEM,
          parent: folder,
          body: { '@type': 'Document', id: `doc-${done + i}`, title: `Document ${done + i}` },
        });
    });
    done += n;
  }
  console.log(
    `seeded a folder with ${children} children in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );

  const rows: Record<string, { ms: number[]; objects: number }> = {};
  const record = (name: string, r: { ms: number; objects: number }) => {
    rows[name] ??= { ms: [], objects: r.objects };
    rows[name].ms.push(r.ms);
  };
  // A fresh query string each time: the serialization cache would answer a repeated GET.
  for (let i = 0; i < rounds; i++)
    record('GET the folder, not checked out', await step('GET', `/section?bench=a${i}`));
  for (let i = 0; i < rounds; i++) {
    record('check-out (POST @workingcopy)', await step('POST', '/section/@workingcopy'));
    record('edit the copy (PATCH)', await step('PATCH', '/copy_of_section', { description: `Round ${i}` }));
    record('GET the folder, checked out', await step('GET', `/section?bench=b${i}`));
    record(
      'check-in (PATCH @workingcopy)',
      await step('PATCH', '/section/@workingcopy', { message: `r${i}` }),
    );
  }
  const count = await storage.read((tx) => tx.countChildren(folder.uid));
  console.log(`\n${storage.dialect}, folder with ${children} children, ${rounds} rounds (median):\n`);
  console.log('| step | median ms | objects changed |');
  console.log('| --- | ---: | ---: |');
  for (const [name, r] of Object.entries(rows))
    console.log(`| ${name} | ${median(r.ms).toFixed(1)} | ${r.objects} |`);
  console.log(`\nchildren after ${rounds} check-ins: ${count}`);
} finally {
  await app.close();
  await storage.close();
  rmSync(dir, { recursive: true, force: true });
}
