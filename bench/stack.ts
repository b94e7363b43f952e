// bench/stack.ts: anonymous traffic through the whole production stack
// (nginx TLS → Varnish → HAProxy → 2 frontends → 2 backends → PostgreSQL),
// a Zipf mix over pages and API URLs, beside the same mix served by Varnish
// alone from a fully warm cache (the ceiling); and the cost of an edit: the
// time from an acknowledged write to the fresh page through nginx.
// Also issue #5's cached image scale: one stored scale URL at concurrency 32
// through nginx and at Varnish (goal: p99 < 5 ms).
//   node --import tsx bench/stack.ts [--n 10000] [--duration 10] [--warmup 20]
//        [--connections 32] [--zipf 1.0] [--edits 20]
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { readState, stopAll } from '../packages/cli/src/stack/runtime.js';
import { parseStackSettings } from '../packages/cli/src/stack/settings.js';
import { stackUp } from '../packages/cli/src/stack/up.js';
import { varnishVcl } from '../packages/cli/src/stack/varnish.js';
import { createPostgresDatabase } from '../packages/storage/src/test-databases.js';
import { freePort } from './lib/free-port.js';
import { uploadImage } from './lib/images.js';
import { seed } from './lib/seeder.js';
import { runWrk, type WrkResult, wrkVersion } from './lib/wrk.js';

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isFinite(v) || v <= 0) throw new Error(`--${name} must be a positive number`);
  return v;
}

const N = option('n', 10000);
const DURATION = option('duration', 10);
const WARMUP = option('warmup', 20);
const CONNECTIONS = option('connections', 32);
const ZIPF = option('zipf', 1.0);
const EDITS = option('edits', 20);
const log = (m: string) => process.stderr.write(`${m}\n`);

/** `count` samples of ranks 0…n-1 with P(rank k) ∝ 1/(k+1)^s. */
function zipfSample(n: number, s: number, count: number): number[] {
  const cdf = new Float64Array(n);
  let total = 0;
  for (let k = 0; k < n; k++) {
    total += 1 / (k + 1) ** s;
    cdf[k] = total;
  }
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    const u = Math.random() * total;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid]! < u) lo = mid + 1;
      else hi = mid;
    }
    out.push(lo);
  }
  return out;
}

function varnishCounters(workdir: string): {
  hit: number;
  miss: number;
  pass: number;
  nuked: number;
  expired: number;
} {
  const raw = JSON.parse(execFileSync('varnishstat', ['-n', workdir, '-1', '-j'], { encoding: 'utf8' }));
  const c = raw.counters ?? raw;
  const v = (k: string) => Number(c[`MAIN.${k}`]?.value ?? 0);
  return {
    hit: v('cache_hit') + v('cache_hit_grace'),
    miss: v('cache_miss'),
    pass: v('s_pass'),
    nuked: v('n_lru_nuked'),
    expired: v('n_expired'),
  };
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};

function row(name: string, r: WrkResult) {
  const e = r.errors;
  const errs = e.connect + e.read + e.write + e.status + e.timeout;
  return `| ${name} | ${r.reqPerSec.toFixed(0)} | ${r.latency.p50} | ${r.latency.p95} | ${r.latency.p99} | ${errs} |`;
}

async function main() {
  log(wrkVersion());
  const root = mkdtempSync(join(tmpdir(), 'tessera-bench-stack-'));
  const db = await createPostgresDatabase();
  const password = randomBytes(18).toString('base64url');
  process.env.TESSERA_ADMIN_PASSWORD = password;
  // The stack's servers refuse root unless told (bench machines run as root).
  process.env.TESSERA_ALLOW_ROOT ??= '1';
  const auth = `Basic ${Buffer.from(`admin:${password}`).toString('base64')}`;
  const ports = await Promise.all(Array.from({ length: 10 }, () => freePort()));
  const lo = '127.0.0.1';
  const settings = parseStackSettings({
    listen: { host: lo, http: ports[0], https: ports[1] },
    varnish: {
      listen: { host: lo, port: ports[2] },
      admin: { host: lo, port: ports[3] },
      // Every page and API answer of 10,000 documents stays in memory (~0.5 GB).
      memory: '2g',
      apiTtl: 3600,
      xCache: true,
    },
    haproxy: { frontendsListen: { host: lo, port: ports[4] }, backendsListen: { host: lo, port: ports[5] } },
    backends: [
      { host: lo, port: ports[6] },
      { host: lo, port: ports[7] },
    ],
    frontends: [
      { host: lo, port: ports[8] },
      { host: lo, port: ports[9] },
    ],
  });
  const dir = join(root, 'stack');
  const stopOnSignal = () => {
    void (async () => {
      try {
        await stopAll(readState(dir));
      } finally {
        process.exit(130);
      }
    })();
  };
  process.once('SIGINT', stopOnSignal);
  let ceilingStop: (() => Promise<void>) | undefined;
  try {
    log('starting the stack…');
    const state = await stackUp(settings, {
      dir,
      db: db.url,
      cacheControl: 'public, max-age=0, s-maxage=3600, stale-while-revalidate=300',
      log,
    });
    const backend = `http://${lo}:${ports[6]}`;
    log(`seeding ${N} documents (half of them published)…`);
    // Ten sections at the top, as a site's navigation has a handful of tabs
    // (each page carries the tabs and their dropdowns).
    const folders = Math.max(4, Math.min(10, Math.floor(N / 25)));
    const seeded = await seed({ base: backend, auth, n: N, folders, concurrency: 16, log });
    log(`seeded in ${seeded.seconds.toFixed(0)} s (${seeded.docsPerSecond.toFixed(0)} docs/s)`);
    const docs = seeded.publicDocuments;
    // The URL universe: every public page and its API URL, ranked at random.
    const urls = docs.flatMap((d) => [d, `/++api++${d}`]).sort(() => Math.random() - 0.5);
    const paths = zipfSample(urls.length, ZIPF, 200_000).map((k) => urls[k]);
    const pathsFile = join(root, 'paths.txt');
    writeFileSync(pathsFile, `${paths.join('\n')}\n`);
    const distinct = new Set(paths).size;
    log(
      `mix: ${urls.length} URLs (${docs.length} pages + API), Zipf s=${ZIPF}; ${distinct} distinct in the sample`,
    );

    const nginxUrl = `https://${lo}:${ports[1]}/`;
    const varnishUrl = `http://${lo}:${ports[2]}/`;
    const host = { Host: `localhost:${ports[1]}` };
    const run = { connections: CONNECTIONS, threads: 1, durationSeconds: DURATION };
    const workdir = join(dir, 'run', 'varnish');

    // Warm-up: every URL of the mix once (as a site's crawlers and visitors
    // would over time), then the mix itself for a while.
    log(`warm-up: each of the ${urls.length} URLs once through nginx…`);
    const { StackClient } = await import('../packages/cli/test/stack-client.js');
    const client = new StackClient(ports[1]!, readFileSync(join(dir, 'tls', 'cert.pem')));
    const tWarm = performance.now();
    let next = 0;
    let warmErrors = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < urls.length) {
          const r = await client.get(urls[next++]!).catch(() => ({ status: 0 }));
          if (r.status !== 200) warmErrors++;
        }
      }),
    );
    const warmed = varnishCounters(workdir);
    log(
      `  ${((performance.now() - tWarm) / 1000).toFixed(0)} s, ${warmErrors} errors; ` +
        `Varnish: ${warmed.hit} hits, ${warmed.miss} misses, ${warmed.nuked} evicted, ${warmed.expired} expired`,
    );
    log(`warm-up with the mix: ${WARMUP} s…`);
    await runWrk({ url: nginxUrl, pathsFile, headers: host }, { ...run, durationSeconds: WARMUP });
    const before = varnishCounters(workdir);
    log('measuring the stack through nginx (HTTPS)…');
    const stack = await runWrk({ url: nginxUrl, pathsFile, headers: host }, run);
    const after = varnishCounters(workdir);
    const hits = after.hit - before.hit;
    const misses = after.miss - before.miss;
    const hitRatio = hits / Math.max(1, hits + misses);
    log('measuring the stack at Varnish (HTTP, same cache)…');
    const stackVarnish = await runWrk({ url: varnishUrl, pathsFile, headers: host }, run);

    // The ceiling: Varnish alone, same VCL, every URL of the mix cached.
    const body = Buffer.alloc(12_000, 'x');
    const origin = createServer((req, res) => {
      if (req.url === '/haproxy-ok') return res.end('ok');
      res.writeHead(200, {
        'content-type': 'text/html',
        'cache-control': 'public, s-maxage=3600',
        xkey: 'u',
      });
      res.end(body);
    });
    await new Promise<void>((r) => origin.listen(0, lo, r));
    const originPort = (origin.address() as { port: number }).port;
    const [cport, cadmin] = [await freePort(), await freePort()];
    const cset = parseStackSettings({
      varnish: { listen: { host: lo, port: cport }, admin: { host: lo, port: cadmin }, memory: '512m' },
      haproxy: {
        frontendsListen: { host: lo, port: originPort },
        backendsListen: { host: lo, port: originPort },
      },
    });
    writeFileSync(join(root, 'ceiling.vcl'), varnishVcl(cset));
    const cv = spawn(
      'varnishd',
      [
        '-F',
        '-j',
        'none',
        '-n',
        join(root, 'ceiling-varnish'),
        '-a',
        `${lo}:${cport}`,
        '-T',
        `${lo}:${cadmin}`,
      ].concat(['-f', join(root, 'ceiling.vcl'), '-s', 'malloc,512m']),
      { stdio: 'ignore' },
    );
    ceilingStop = async () => {
      cv.kill('SIGTERM');
      await new Promise((r) => cv.once('exit', r));
      origin.close();
    };
    for (let i = 0; i < 100; i++) {
      const ok = await fetch(`http://${lo}:${cport}/`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) break;
      await sleep(100);
    }
    log('warming the ceiling Varnish with every URL…');
    for (const u of urls)
      await fetch(`http://${lo}:${cport}${u}`, { headers: host }).then((r) => r.arrayBuffer());
    log('measuring Varnish alone (ceiling)…');
    const ceiling = await runWrk({ url: `http://${lo}:${cport}/`, pathsFile, headers: host }, run);
    await ceilingStop();
    ceilingStop = undefined;

    // A stored image scale by its unique URL, as pages embed it: cached
    // by Varnish for good (the URL changes when the image does).
    log('measuring a cached image scale…');
    const scalePath = await uploadImage(backend, auth);
    const imagePath = scalePath.split('/@@images/')[0]!;
    await fetch(`${backend}${imagePath}/@workflow/publish`, {
      method: 'POST',
      headers: { authorization: auth, accept: 'application/json' },
    }).then((r) => r.arrayBuffer());
    for (let i = 0; i < 3; i++) {
      const r = await client.get(scalePath);
      if (r.status !== 200) throw new Error(`${scalePath} through nginx: ${r.status}`);
    }
    const scaleRun = { connections: 32, threads: 1, durationSeconds: DURATION };
    const scaleNginx = await runWrk(
      { url: `https://${lo}:${ports[1]}${scalePath}`, headers: host },
      scaleRun,
    );
    const scaleVarnish = await runWrk(
      { url: `http://${lo}:${ports[2]}${scalePath}`, headers: host },
      scaleRun,
    );

    // The cost of an edit: acknowledged PATCH → fresh page through nginx.
    log(`measuring purge latency over ${EDITS} edits…`);
    const latencies: number[] = [];
    for (let i = 0; i < EDITS; i++) {
      const doc = docs[i % docs.length]!;
      await client.get(doc);
      const title = `Edited ${i} ${randomBytes(4).toString('hex')}`;
      const r = await client.send(
        'PATCH',
        `/++api++${doc}`,
        { authorization: auth, accept: 'application/json' },
        { title },
      );
      if (r.status !== 204) throw new Error(`PATCH ${doc}: ${r.status} ${r.body}`);
      const t0 = performance.now();
      for (;;) {
        if ((await client.get(doc)).body.includes(title)) break;
        if (performance.now() - t0 > 10_000) {
          const page = await client.get(doc);
          const api = await client.get(`/++api++${doc}`, { authorization: auth, accept: 'application/json' });
          throw new Error(
            `${doc} not fresh after 10 s: page ${page.status} x-cache ${page.headers['x-cache']} age ${page.headers.age} ${page.body.match(/<title>[^<]*/)?.[0]}; API title ${JSON.parse(api.body).title}`,
          );
        }
        await sleep(5);
      }
      latencies.push(performance.now() - t0);
    }
    client.close();

    const lines = [
      `Stack: nginx (TLS) → Varnish → HAProxy → 2 frontends → 2 backends → PostgreSQL; ${N} documents seeded`,
      `(${docs.length} published: ${urls.length} URLs, pages and API), Zipf s=${ZIPF}, wrk -c ${CONNECTIONS} -t 1, ${DURATION} s after ${WARMUP} s warm-up.`,
      '',
      '| target | req/s | p50 ms | p95 ms | p99 ms | errors |',
      '| --- | ---: | ---: | ---: | ---: | ---: |',
      row('whole stack, through nginx (HTTPS)', stack),
      row('the stack’s Varnish directly (HTTP)', stackVarnish),
      row('Varnish alone, fully warm (ceiling, HTTP)', ceiling),
      '',
      `Hit ratio after warm-up (Varnish counters during the nginx run): ${(hitRatio * 100).toFixed(1)}% (${hits} hits, ${misses} misses; ${after.nuked - before.nuked} evicted, ${after.expired - before.expired} expired).`,
      `Purge latency, acknowledged PATCH → fresh page through nginx (${EDITS} edits): p50 ${pct(latencies, 50).toFixed(0)} ms, p95 ${pct(latencies, 95).toFixed(0)} ms, max ${Math.max(...latencies).toFixed(0)} ms.`,
      `Seeding: ${seeded.docsPerSecond.toFixed(0)} documents/s through one backend.`,
      '',
      `A cached image scale (${scalePath.split('/').pop()}), wrk -c 32 -t 1, ${DURATION} s (issue #5: p99 < 5 ms):`,
      '',
      '| target | req/s | p50 ms | p95 ms | p99 ms | errors |',
      '| --- | ---: | ---: | ---: | ---: | ---: |',
      row('scale through nginx (HTTPS)', scaleNginx),
      row('scale at the stack’s Varnish (HTTP)', scaleVarnish),
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    await stopAll(state);
  } catch (err) {
    // Keep the evidence: the stack's own logs.
    for (const f of ['varnish.log', 'nginx-error.log', 'haproxy.log', 'f1.log', 'b1.log']) {
      try {
        log(`--- ${f}\n${readFileSync(join(dir, 'logs', f), 'utf8').slice(-1500)}`);
      } catch {}
    }
    throw err;
  } finally {
    if (ceilingStop) await ceilingStop();
    try {
      await stopAll(readState(dir));
    } catch {}
    await db.drop();
    rmSync(root, { recursive: true, force: true });
  }
}

await main();
