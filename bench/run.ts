// Tessera benchmark: seeds N documents into a fresh backend, then measures
// each scenario with wrk against a bare node:http "ceiling" serving the same
// bytes, and against the backend. See bench/README.md.
//
//   node --import tsx bench/run.ts [--n 10000] [--duration 10] [--connections 32] [--scenarios a,b]
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createMysqlDatabase, createPostgresDatabase } from '../packages/storage/src/test-databases.js';
import { parseArgs, USAGE } from './lib/args.js';
import { type Backend, startBackend } from './lib/backend.js';
import { startCeiling } from './lib/ceiling.js';
import { uploadImage } from './lib/images.js';
import { childPids, databaseCpuSeconds, procStats, treeCpuSeconds } from './lib/proc-stats.js';
import {
  type BackendMeasured,
  goals,
  markdownTable,
  measured,
  r1,
  type ScenarioResult,
  textTable,
} from './lib/report.js';
import { headCommit } from './lib/revision.js';
import { buildScenarios, SCENARIO_NAMES, type Scenario } from './lib/scenarios.js';
import { seed } from './lib/seeder.js';
import { runWrk, stopWrk, type WrkRequest, type WrkResult, type WrkRun, wrkVersion } from './lib/wrk.js';

const log = (s: string) => console.log(s);
const MB = 1024 * 1024;

async function probe(base: string, sc: Scenario) {
  const r = await fetch(base + sc.path, {
    method: sc.method,
    headers: sc.body === undefined ? sc.headers : { ...sc.headers, 'content-type': 'application/json' },
    body: sc.body === undefined ? undefined : JSON.stringify(sc.body),
  });
  const body = Buffer.from(await r.arrayBuffer());
  if (r.status !== sc.expectStatus)
    throw new Error(
      `${sc.name}: ${sc.method} ${sc.path} answered ${r.status}: ${body.toString().slice(0, 300)}`,
    );
  return { status: r.status, contentType: r.headers.get('content-type') ?? 'application/json', body };
}

async function main(): Promise<number> {
  const opts = parseArgs(process.argv.slice(2));
  if (opts.help) {
    log(USAGE);
    return 0;
  }
  const unknown = (opts.scenarios ?? []).filter((s) => !(SCENARIO_NAMES as readonly string[]).includes(s));
  if (unknown.length)
    throw new Error(`unknown scenario(s) ${unknown.join(', ')}; known: ${SCENARIO_NAMES.join(', ')}`);
  const wrk = wrkVersion();

  const tmp = mkdtempSync(join(os.tmpdir(), 'tessera-bench-'));
  const machine = {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown',
    memoryGB: Math.round(os.totalmem() / 1024 ** 3),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    wrk,
  };
  const loadAtStart = os.loadavg().map(r1);
  log(
    `machine: ${machine.cpus} cores (${machine.cpuModel}), node ${machine.node}, ${wrk}; ` +
      `load average ${loadAtStart.join(' ')}`,
  );
  log(
    `options: n=${opts.n} folders=${opts.folders} connections=${opts.connections} threads=${opts.threads} ` +
      `duration=${opts.duration}s warmup=${opts.warmup}s rounds=${opts.rounds}; temp dir ${tmp}`,
  );

  let backend: Backend | undefined;
  let dropDatabase: (() => Promise<void>) | undefined;
  const stopAll: Array<() => Promise<void>> = [];
  // Ctrl-C: the servers get the signal too (same process group); remove the temp dir.
  process.once('SIGINT', () => {
    stopWrk();
    void Promise.allSettled(stopAll.map((stop) => stop())).then(() => {
      if (!opts.keep) rmSync(tmp, { recursive: true, force: true });
      process.exit(130);
    });
  });
  const t0 = performance.now();
  try {
    const cpuProfDir = opts.cpuProf ? resolve(opts.cpuProf) : null;
    if (cpuProfDir) mkdirSync(cpuProfDir, { recursive: true });
    // Phases of the backend's life in seconds since its spawn (≈ its CPU profile's start).
    const spawnedAt = performance.now();
    const since = () => Math.round((performance.now() - spawnedAt) / 10) / 100;
    const phases: Array<{ name: string; from: number; to: number }> = [];
    // A fresh database on the machine's server for postgres/mysql, dropped at the end.
    let db = opts.db === 'sqlite' ? '' : opts.db;
    if (opts.db === 'postgres' || opts.db === 'mysql') {
      const made = opts.db === 'postgres' ? await createPostgresDatabase() : await createMysqlDatabase();
      db = made.url;
      dropDatabase = () => made.drop();
    }
    log(`database: ${opts.db}; workers: ${opts.workers.join(', ')}`);
    backend = await startBackend({ dataDir: join(tmp, 'data'), cpuProfDir, db, workers: opts.workers[0] });
    let be = backend;
    stopAll.push(() => be.child.stop());
    log(`backend: ${be.url} pid ${be.child.pid}, RSS ${r1((procStats(be.child.pid)?.rss ?? 0) / MB)} MB`);

    log(`seeding ${opts.n} documents in ${opts.folders} folders, ${opts.seedConcurrency} concurrent POSTs…`);
    const seedFrom = since();
    const seeded = await seed({
      base: be.url,
      auth: be.auth,
      n: opts.n,
      folders: opts.folders,
      concurrency: opts.seedConcurrency,
      log,
    });
    phases.push({ name: 'seed', from: seedFrom, to: since() });
    const rssAfterSeed = r1((procStats(be.child.pid)?.rss ?? 0) / MB);
    log(
      `seeded ${opts.n} documents + ${opts.folders} folders in ${seeded.seconds.toFixed(1)} s ` +
        `(${seeded.docsPerSecond.toFixed(0)} docs/s${seeded.published ? ', published' : ', not published: the backend has no @workflow/publish'}); ` +
        `backend RSS ${rssAfterSeed} MB`,
    );

    const wantsImage = !opts.scenarios || opts.scenarios.includes('image-scale');
    const imageScale = wantsImage ? await uploadImage(be.url, be.auth) : undefined;
    const all = buildScenarios({
      imageScale,
      auth: be.auth,
      folders: seeded.folders,
      documents: seeded.documents,
      publicDocuments: seeded.publicDocuments,
      privateDocuments: seeded.privateDocuments,
      editorAuth: seeded.editorAuth,
    });
    const selected = opts.scenarios ? all.filter((s) => opts.scenarios?.includes(s.name)) : all;
    const run: WrkRun = {
      connections: opts.connections,
      threads: opts.threads,
      durationSeconds: opts.duration,
    };
    const results: ScenarioResult[] = [];

    for (const [wi, workers] of opts.workers.entries()) {
      if (wi > 0) {
        // The same data, served by another number of processes.
        await be.child.stop();
        backend = await startBackend({ dataDir: join(tmp, 'data'), db, workers, password: be.password });
        be = backend;
        log(`backend restarted with ${workers} workers: ${be.url}`);
      }
      for (const sc of selected) {
        const res = await probe(be.url, sc);
        const req: Omit<WrkRequest, 'url'> = { method: sc.method, headers: sc.headers };
        if (sc.rotate) {
          req.pathsFile = join(tmp, `${sc.name}.paths`);
          writeFileSync(req.pathsFile, `${sc.rotate.join('\n')}\n`);
        }
        if (sc.body !== undefined) {
          req.bodyFile = join(tmp, `${sc.name}.body`);
          writeFileSync(req.bodyFile, JSON.stringify(sc.body));
        }

        // Per round: the ceiling first, while the backend sits idle, then the
        // backend while the ceiling sits idle. Each keeps its best round.
        const scRun = sc.connections ? { ...run, connections: sc.connections } : run;
        const scWarm = { ...scRun, durationSeconds: opts.warmup };
        const ceiling = await startCeiling(res, tmp);
        const stopCeiling = () => ceiling.child.stop();
        stopAll.push(stopCeiling);
        let ceilingBest: WrkResult | undefined;
        let backendBest: BackendMeasured | undefined;
        try {
          const creq = { ...req, url: ceiling.url + sc.path };
          const breq = { ...req, url: be.url + sc.path };
          for (let round = 0; round < opts.rounds; round++) {
            if (round === 0 && opts.warmup) await runWrk(creq, scWarm);
            const c = await runWrk(creq, scRun);
            if (!ceilingBest || c.reqPerSec > ceilingBest.reqPerSec) ceilingBest = c;

            if (round === 0 && opts.warmup) await runWrk(breq, scWarm);
            // CPU time as the processes account for it (the supervisor and its workers), and the database server's.
            const cpuBefore = treeCpuSeconds(be.child.pid);
            const dbBefore = db ? databaseCpuSeconds() : 0;
            const from = since();
            const w = await runWrk(breq, scRun);
            phases.push({ name: sc.name, from, to: since() });
            const cpu = treeCpuSeconds(be.child.pid) - cpuBefore;
            const dbCpu = db ? databaseCpuSeconds() - dbBefore : 0;
            const rss = [be.child.pid, ...childPids(be.child.pid)].reduce(
              (sum, pid) => sum + (procStats(pid)?.rss ?? 0),
              0,
            );
            const b: BackendMeasured = {
              ...measured(w),
              rssMB: r1(rss / MB),
              cpuPercent: Math.round((cpu / w.seconds) * 100),
              cpuMsPerRequest: Math.round((cpu * 1000 * 1000) / Math.max(1, w.requests)) / 1000,
              dbCpuMsPerRequest: Math.round((dbCpu * 1000 * 1000) / Math.max(1, w.requests)) / 1000,
            };
            if (!backendBest || b.reqPerSec > backendBest.reqPerSec) backendBest = b;
          }
        } finally {
          stopAll.splice(stopAll.indexOf(stopCeiling), 1);
          await ceiling.child.stop();
        }
        const ceilingResult = ceilingBest!;
        const backendResult = backendBest!;
        const result: ScenarioResult = {
          name: opts.workers.length > 1 || workers > 1 ? `${sc.name} ×${workers}` : sc.name,
          description: sc.description,
          bodyBytes: res.body.length,
          loadAverage: os.loadavg().map(r1),
          ceiling: measured(ceilingResult),
          backend: backendResult,
          ratio: Math.round((backendResult.reqPerSec / Math.max(1, ceilingResult.reqPerSec)) * 1000) / 1000,
        };
        results.push(result);
        log(
          `${sc.name.padEnd(8)} ${res.body.length} B: ceiling ${result.ceiling.reqPerSec} req/s, ` +
            `tessera ${backendResult.reqPerSec} req/s (${(result.ratio * 100).toFixed(1)}%), ` +
            `p50/p95/p99 ${backendResult.p50}/${backendResult.p95}/${backendResult.p99} ms, ` +
            `non-2xx ${backendResult.non2xx}, RSS ${backendResult.rssMB} MB, CPU ${backendResult.cpuPercent}%, ` +
            `${backendResult.cpuMsPerRequest} CPU-ms/req` +
            (db ? ` (+ database ${backendResult.dbCpuMsPerRequest})` : ''),
        );
      }
    }

    const peakRssMB = r1((procStats(be.child.pid)?.peakRss ?? 0) / MB);
    await be.child.stop();
    const elapsed = (performance.now() - t0) / 1000;

    log('');
    log(textTable(results));
    log('');
    log(`backend RSS: ${rssAfterSeed} MB after seeding, peak ${peakRssMB} MB`);
    const checks = goals(results);
    if (opts.n < 10000 && checks.length) log(`goals (set for n=10000; this run has n=${opts.n}):`);
    else if (checks.length) log('goals:');
    for (const g of checks) log(`  ${g.pass ? 'PASS' : 'FAIL'}  ${g.goal}: ${g.measured}`);
    log('');
    log(markdownTable(results));
    log(`\ntotal ${elapsed.toFixed(0)} s`);
    if (cpuProfDir) {
      writeFileSync(join(cpuProfDir, 'phases.json'), `${JSON.stringify(phases, null, 1)}\n`);
      log(`backend CPU profile and phases.json in ${cpuProfDir}; summarize with:`);
      log(`  node --import tsx bench/profile-summary.ts ${cpuProfDir}`);
    }

    if (opts.out !== '-') {
      const out = {
        date: new Date().toISOString(),
        commit: headCommit(),
        machine,
        loadAverageAtStart: loadAtStart,
        options: {
          db: opts.db,
          workers: opts.workers,
          n: opts.n,
          folders: opts.folders,
          connections: opts.connections,
          threads: opts.threads,
          durationSeconds: opts.duration,
          warmupSeconds: opts.warmup,
          rounds: opts.rounds,
        },
        seed: {
          documents: opts.n,
          folders: opts.folders,
          published: seeded.published,
          seconds: r1(seeded.seconds),
          docsPerSecond: Math.round(seeded.docsPerSecond),
        },
        backend: { rssAfterSeedMB: rssAfterSeed, peakRssMB },
        scenarios: results,
        goals: checks,
        elapsedSeconds: Math.round(elapsed),
      };
      mkdirSync(dirname(resolve(opts.out)), { recursive: true });
      writeFileSync(opts.out, `${JSON.stringify(out, null, 2)}\n`);
      log(`results written to ${opts.out}`);
    }
    return 0;
  } finally {
    for (const stop of stopAll) await stop();
    await dropDatabase?.();
    if (opts.keep) log(`kept ${tmp}`);
    else rmSync(tmp, { recursive: true, force: true });
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exitCode = 1;
  },
);
