// Frontend benchmark (issue #7 §5): server-side rendering throughput of a
// document page and of the home page (teasers and a listing), measured with
// wrk beside a bare node:http server returning the same HTML bytes, in the
// same run; and the JavaScript an anonymous visitor of the document page
// downloads, gzipped.
//
//   node --import tsx bench/ssr.ts [--connections 16] [--duration 10] [--warmup 2]
//                                  [--pages document,home] [--cpu-prof DIR]
//
// --cpu-prof writes V8 CPU profiles of the frontend and the backend process to
// DIR (on exit); summarise with `node --import tsx bench/profile-summary.ts DIR`.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { FRONTEND_NODE_FLAGS } from '../packages/cli/src/node-flags.js';
import { type Backend, startBackend } from './lib/backend.js';
import { startCeiling } from './lib/ceiling.js';
import { type Child, startChild } from './lib/child.js';
import { freePort } from './lib/free-port.js';
import { procStats } from './lib/proc-stats.js';
import { measured, r1 } from './lib/report.js';
import { runWrk, wrkVersion } from './lib/wrk.js';

const CLI = fileURLToPath(new URL('../packages/cli/bin/tessera.js', import.meta.url));
const log = (s: string) => console.log(s);

function option(name: string, def: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i === -1 ? def : Number(process.argv[i + 1]);
  if (!Number.isFinite(v) || v <= 0) throw new Error(`--${name} takes a positive number`);
  return v;
}

function stringOption(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? undefined : process.argv[i + 1];
}

async function call(be: Backend, method: string, path: string, body?: unknown) {
  const r = await fetch(be.url + path, {
    method,
    headers: { accept: 'application/json', 'content-type': 'application/json', authorization: be.auth },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (r.status >= 300) throw new Error(`${method} ${path}: ${r.status} ${await r.text()}`);
  return r.status === 204 ? undefined : ((await r.json()) as any);
}

const paragraph = (text: string) => ({
  '@type': 'slate',
  value: [{ type: 'p', children: [{ text }] }],
  plaintext: text,
});

/** A news folder of 12 published items, a document with text blocks, and a home page with teasers and a listing. */
async function seed(be: Backend) {
  await call(be, 'POST', '/', { '@type': 'Folder', id: 'news', title: 'News' });
  await call(be, 'POST', '/news/@workflow/publish');
  const uids: string[] = [];
  for (let i = 1; i <= 12; i++) {
    const item = await call(be, 'POST', '/news', {
      '@type': 'News Item',
      title: `News item ${i}`,
      description: `What happened in the harbour district, part ${i}.`,
    });
    uids.push(item.UID);
    await call(be, 'POST', `/news/${item.id}/@workflow/publish`);
  }
  const text = 'The city council met on Tuesday to discuss the new bridge over the river. '.repeat(6);
  const blocks: Record<string, unknown> = { t: { '@type': 'title' }, d: { '@type': 'description' } };
  for (let i = 0; i < 8; i++) blocks[`p${i}`] = paragraph(`${i + 1}. ${text}`);
  await call(be, 'POST', '/', {
    '@type': 'Document',
    id: 'page',
    title: 'A document page',
    description: 'Eight paragraphs of text, as a typical article.',
    blocks,
    blocks_layout: { items: Object.keys(blocks) },
  });
  await call(be, 'POST', '/page/@workflow/publish');
  const home: Record<string, unknown> = {
    t: { '@type': 'title' },
    intro: paragraph('Welcome to the site.'),
    teaser1: { '@type': 'teaser', href: [{ '@id': '/news/news-item-1', UID: uids[0] }] },
    teaser2: { '@type': 'teaser', href: [{ '@id': '/news/news-item-2', UID: uids[1] }] },
    teaser3: { '@type': 'teaser', href: [{ '@id': '/page' }] },
    listing: {
      '@type': 'listing',
      querystring: {
        query: [{ i: 'portal_type', o: 'plone.app.querystring.operation.selection.any', v: ['News Item'] }],
        sort_on: 'effective',
        sort_order: 'descending',
        b_size: 6,
      },
    },
  };
  await call(be, 'PATCH', '/', { blocks: home, blocks_layout: { items: Object.keys(home) } });
}

/** Every script the page loads (module entries and preloads), fetched and gzipped. */
async function shippedJs(base: string, html: string) {
  const urls = new Set<string>();
  for (const m of html.matchAll(/<script[^>]+src="([^"]+)"/g)) urls.add(m[1]!);
  for (const m of html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+)"/g)) urls.add(m[1]!);
  for (const m of html.matchAll(/import\("([^"]+\.js)"\)/g)) urls.add(m[1]!);
  let raw = 0;
  let gzipped = 0;
  for (const u of urls) {
    const body = Buffer.from(await (await fetch(new URL(u, base))).arrayBuffer());
    raw += body.length;
    gzipped += gzipSync(body).length;
  }
  return { files: urls.size, raw, gzipped };
}

async function main() {
  const connections = option('connections', 16);
  const duration = option('duration', 10);
  const warmup = option('warmup', 2);
  const pages = (stringOption('pages') ?? 'document,home').split(',');
  const cpuProfDir = stringOption('cpu-prof') ? resolve(stringOption('cpu-prof')!) : null;
  const profArgs = cpuProfDir ? ['--cpu-prof', '--cpu-prof-dir', cpuProfDir] : [];
  const tmp = mkdtempSync(join(os.tmpdir(), 'tessera-ssr-'));
  log(
    `machine: ${os.cpus().length} cores, node ${process.version}, ${wrkVersion()}; load ${os.loadavg().map(r1)}`,
  );
  const stops: Array<() => Promise<void>> = [];
  try {
    const be = await startBackend({ dataDir: join(tmp, 'data'), cpuProfDir });
    stops.push(() => be.child.stop());
    await seed(be);
    const port = await freePort();
    const fe: Child = await startChild({
      command: process.execPath,
      args: [...profArgs, ...FRONTEND_NODE_FLAGS, CLI, 'frontend', '--port', String(port), '--api', be.url],
      env: { ...process.env, NODE_ENV: 'production', TESSERA_ALLOW_ROOT: '1' },
      readyUrl: `http://127.0.0.1:${port}/`,
      timeoutMs: 300_000, // the first start builds the app
    });
    stops.push(() => fe.stop());
    const base = `http://127.0.0.1:${port}`;
    const run = { connections, threads: 1, durationSeconds: duration };
    const rows: string[] = [];
    for (const [name, path] of [
      ['document', '/page'],
      ['home', '/'],
    ] as const) {
      if (!pages.includes(name)) continue;
      const page = await fetch(base + path);
      const body = Buffer.from(await page.arrayBuffer());
      if (page.status !== 200) throw new Error(`${path}: ${page.status}`);
      const ceiling = await startCeiling({ status: 200, contentType: 'text/html; charset=utf-8', body }, tmp);
      const c = await (async () => {
        try {
          await runWrk({ url: ceiling.url + path }, { ...run, durationSeconds: warmup });
          return measured(await runWrk({ url: ceiling.url + path }, run));
        } finally {
          await ceiling.child.stop();
        }
      })();
      await runWrk({ url: base + path }, { ...run, durationSeconds: warmup });
      const before = (procStats(fe.pid)?.cpuSeconds ?? 0) + (procStats(be.child.pid)?.cpuSeconds ?? 0);
      const w = await runWrk({ url: base + path }, run);
      const cpu = (procStats(fe.pid)?.cpuSeconds ?? 0) + (procStats(be.child.pid)?.cpuSeconds ?? 0) - before;
      const t = measured(w);
      const cpuMs = r1((cpu * 1000) / Math.max(1, w.requests));
      rows.push(
        `| ${name} | ceiling | ${Math.round(c.reqPerSec)} | ${c.p50} | ${c.p95} | ${c.p99} | ${c.non2xx} | ${body.length} | | |`,
        `| ${name} | tessera | ${Math.round(t.reqPerSec)} | ${t.p50} | ${t.p95} | ${t.p99} | ${t.non2xx} | ${body.length} | ${((t.reqPerSec / Math.max(1, c.reqPerSec)) * 100).toFixed(1)}% | ${cpuMs} |`,
      );
      log(
        `${name}: ${Math.round(t.reqPerSec)} pages/s, p50/p95/p99 ${t.p50}/${t.p95}/${t.p99} ms, ${cpuMs} CPU-ms/page`,
      );
    }
    const js = await shippedJs(base, await (await fetch(`${base}/page`)).text());
    log('');
    log(
      `SSR at concurrency ${connections}, ${duration} s per measurement (CPU-ms: frontend + backend processes)`,
    );
    log(
      '| page | server | pages/s | p50 ms | p95 ms | p99 ms | non-2xx | HTML bytes | vs ceiling | CPU-ms/page |',
    );
    log('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
    for (const row of rows) log(row);
    log('');
    log(
      `JavaScript for an anonymous visitor of the document page: ${js.files} files, ${r1(js.raw / 1024)} kB, ` +
        `${r1(js.gzipped / 1024)} kB gzipped (goal ≤ 100 kB)`,
    );
  } finally {
    for (const stop of stops.reverse()) await stop();
    rmSync(tmp, { recursive: true, force: true });
  }
}

await main();
