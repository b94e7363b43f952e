#!/usr/bin/env node
// Runs every *.test.ts with node's test runner (through tsx), one process per
// file, two at a time (the machines have two cores): first everything on the
// embedded SQLite default, then the API suites again on PostgreSQL and on
// MariaDB (TESSERA_TEST_DB). Ends with one line: "N passed, N failed".
//   node scripts/run-tests.mjs                 everything
//   node scripts/run-tests.mjs FILE…           only these files (SQLite)
//   TESSERA_TEST_DBS=sqlite node scripts/…     only the SQLite pass
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const ROOTS = ['packages', 'contract', 'bench', 'e2e'];
const SKIP = new Set(['node_modules', 'var', '.git']);
// Suites that take a database and so run once per database.
const PER_DATABASE = ['packages/api/test'];

function find(dir, out) {
  let names;
  try {
    names = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of names) {
    if (SKIP.has(name)) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) find(p, out);
    else if (name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

function run(files, env) {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-reporter=spec', ...files],
      { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, NODE_ENV: 'test', ...env } },
    );
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      process.stdout.write(d);
    });
    child.on('exit', (code) => {
      const count = (label) => Number(new RegExp(`^ℹ ${label} (\\d+)$`, 'm').exec(out)?.[1] ?? 0);
      resolve({ code: code ?? 1, passed: count('pass'), failed: count('fail') });
    });
  });
}

const args = process.argv.slice(2);
const all = args.length ? args : ROOTS.flatMap((r) => find(r, [])).sort();
if (all.length === 0) {
  console.error('no test files found');
  process.exit(1);
}
const databases = (process.env.TESSERA_TEST_DBS ?? (args.length ? 'sqlite' : 'sqlite,postgres,mysql')).split(
  ',',
);
let passed = 0;
let failed = 0;
let exitCode = 0;
for (const db of databases) {
  const files = db === 'sqlite' ? all : all.filter((f) => PER_DATABASE.some((d) => f.startsWith(d)));
  if (files.length === 0) continue;
  console.log(`\n== ${files.length} test files on ${db}\n`);
  const r = await run(files, { TESSERA_TEST_DB: db });
  passed += r.passed;
  failed += r.failed;
  if (r.code !== 0) exitCode = r.code;
}
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : exitCode);
