// History of a long-lived page: one Document saved --versions times through
// PATCH (each save a version, with blocks and a change note, as an editor's
// day makes them), then GET @history (the whole list), GET @history/<n> (one
// old version) and GET @history/<a>/diff/<b>, each timed over --rounds
// requests via inject() (no socket). See bench/README.md ("History").
//
//   node --import tsx bench/history.ts [--versions 1000] [--rounds 30] [--db URL]
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildApp, initSite } from '@tessera/api';
import { parseConfig } from '@tessera/core';
import { openStorage } from '@tessera/storage';
import pino from 'pino';

const { values } = parseArgs({
  options: {
    versions: { type: 'string', default: '1000' },
    rounds: { type: 'string', default: '30' },
    db: { type: 'string', default: '' },
  },
});
const versions = Number(values.versions);
const rounds = Number(values.rounds);

const dir = mkdtempSync(join(os.tmpdir(), 'tessera-bench-history-'));
const password = 'bench-password-123';
const config = parseConfig({ data: dir, db: values.db, adminPassword: password, logLevel: 'silent' });
const storage = openStorage({ db: config.db, dataDir: config.data, blobDir: config.blobDir });
await storage.migrate();
await initSite({ storage, config });
const { app } = await buildApp({ config, storage, logger: pino({ level: 'silent' }) });
await app.ready();
const headers = {
  authorization: `Basic ${Buffer.from(`admin:${password}`).toString('base64')}`,
  'content-type': 'application/json',
  accept: 'application/json',
};

async function call(method: 'GET' | 'POST' | 'PATCH', url: string, body?: unknown) {
  const r = await app.inject({
    method,
    url,
    headers,
    payload: body === undefined ? undefined : JSON.stringify(body),
  });
  if (r.statusCode >= 300) throw new Error(`${method} ${url}: ${r.statusCode} ${r.body}`);
  return r;
}

/** A page of ten blocks, one of which changes per save. */
function blocks(i: number) {
  const out: Record<string, unknown> = {};
  for (let b = 0; b < 10; b++)
    out[`block-${b}`] = {
      '@type': 'slate',
      value: [{ type: 'p', children: [{ text: `Block ${b}, save ${b === i % 10 ? i : 0}` }] }],
    };
  return out;
}

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function timed(label: string, url: string) {
  const ms: number[] = [];
  let bytes = 0;
  for (let i = 0; i < rounds; i++) {
    const t = performance.now();
    const r = await call('GET', url);
    ms.push(performance.now() - t);
    bytes = r.rawPayload.length;
  }
  ms.sort((a, b) => a - b);
  console.log(
    `${label.padEnd(28)} p50 ${percentile(ms, 50).toFixed(2).padStart(7)} ms   p95 ${percentile(ms, 95).toFixed(2).padStart(7)} ms   ${(bytes / 1024).toFixed(0).padStart(5)} KiB`,
  );
}

try {
  await call('POST', '/', {
    '@type': 'Document',
    id: 'page',
    title: 'Page',
    blocks: blocks(0),
    blocks_layout: { items: Object.keys(blocks(0)) },
  });
  const started = performance.now();
  for (let i = 1; i < versions; i++)
    await call('PATCH', '/page', { title: `Page (save ${i})`, blocks: blocks(i), changeNote: `Save ${i}` });
  const writeMs = performance.now() - started;
  const count = (JSON.parse((await call('GET', '/page/@history')).body) as Array<{ type: string }>).filter(
    (e) => e.type === 'versioning',
  ).length;
  console.log(
    `database: ${storage.dialect}; ${count} versions written in ${(writeMs / 1000).toFixed(1)} s (${(writeMs / Math.max(1, versions - 1)).toFixed(2)} ms per save, each one PATCH with a version)`,
  );
  await timed(`GET @history (${count} entries+)`, '/page/@history');
  await timed('GET @history/10 (old version)', '/page/@history/10');
  await timed(`GET @history/0/diff/${count - 1}`, `/page/@history/0/diff/${count - 1}`);
  await timed('GET /page (for comparison)', '/page');
} finally {
  await app.close();
  await storage.close();
  rmSync(dir, { recursive: true, force: true });
}
