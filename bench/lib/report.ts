// Turn measurements into the console table, a Markdown table and the JSON file.
import type { WrkResult } from './wrk.js';

export interface Measured {
  reqPerSec: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  /** wrk's own p99, with its coordinated-omission correction (blows up on any stall). */
  coP99: number;
  /** Responses with status >= 400 (what wrk counts). */
  non2xx: number;
  /** Connect/read/write errors and timeouts. */
  socketErrors: number;
  requests: number;
}

export interface BackendMeasured extends Measured {
  rssMB: number;
  /** Backend CPU use during the measurement, % of one core (all workers). */
  cpuPercent: number;
  /** Backend CPU time per request (all workers, user + system), ms. */
  cpuMsPerRequest: number;
  /** The database server's CPU time per request (PostgreSQL/MariaDB processes), ms; 0 on SQLite. */
  dbCpuMsPerRequest: number;
}

export interface ScenarioResult {
  name: string;
  description: string;
  bodyBytes: number;
  /** 1/5/15-minute load averages when the scenario finished (other work on the machine skews figures). */
  loadAverage: number[];
  ceiling: Measured;
  backend: BackendMeasured;
  /** backend req/s ÷ ceiling req/s */
  ratio: number;
}

export interface Goal {
  goal: string;
  measured: string;
  pass: boolean;
}

export const r1 = (x: number) => Math.round(x * 10) / 10;
const r2 = (x: number) => Math.round(x * 100) / 100;

export function measured(w: WrkResult): Measured {
  const e = w.errors;
  return {
    reqPerSec: Math.round(w.reqPerSec),
    p50: r2(w.latency.p50),
    p95: r2(w.latency.p95),
    p99: r2(w.latency.p99),
    max: r2(w.latency.max),
    coP99: r2(w.coLatency.p99),
    non2xx: e.status,
    socketErrors: e.connect + e.read + e.write + e.timeout,
    requests: w.requests,
  };
}

export function goals(results: ScenarioResult[]): Goal[] {
  const out: Goal[] = [];
  const doc = results.find((r) => r.name === 'doc');
  if (doc) {
    out.push({
      goal: 'GET a document >= 50% of the ceiling req/s',
      measured: `${(doc.ratio * 100).toFixed(1)}%`,
      pass: doc.ratio >= 0.5,
    });
    out.push({
      goal: 'GET a document p99 < 10 ms',
      measured: `${doc.backend.p99} ms`,
      pass: doc.backend.p99 < 10,
    });
  }
  const create = results.find((r) => r.name === 'create');
  if (create)
    out.push({
      goal: 'POST create p50 < 5 ms',
      measured: `${create.backend.p50} ms`,
      pass: create.backend.p50 < 5,
    });
  // Issue #4's catalog goals, on 100,000 objects (run with --n 100000).
  const p95Goals: Array<[string, string, number]> = [
    ['search-text', '@search?SearchableText=<word> p95 < 20 ms', 20],
    ['search-listing', '@search path + portal_type by effective, fullobjects p95 < 30 ms', 30],
    ['navigation', '@navigation?expand.navigation.depth=3 p95 < 5 ms', 5],
  ];
  for (const [name, goal, limit] of p95Goals) {
    const r = results.find((x) => x.name === name);
    if (r) out.push({ goal, measured: `${r.backend.p95} ms`, pass: r.backend.p95 < limit });
  }
  const scale = results.find((r) => r.name === 'image-scale');
  if (scale)
    out.push({
      goal: 'GET a stored image scale (c=32) p99 < 5 ms',
      measured: `${scale.backend.p99} ms`,
      pass: scale.backend.p99 < 5,
    });
  const create1 = results.find((r) => r.name === 'create-1');
  if (create1)
    out.push({
      goal: 'create a document with indexing (one connection) p50 < 5 ms',
      measured: `${create1.backend.p50} ms`,
      pass: create1.backend.p50 < 5,
    });
  return out;
}

const errs = (m: Measured) => String(m.non2xx) + (m.socketErrors ? ` (+${m.socketErrors} sock)` : '');

/** Table columns: header, the ceiling's cell, the backend's cell. */
const COLUMNS: Array<[string, (r: ScenarioResult) => string, (r: ScenarioResult) => string]> = [
  ['scenario', (r) => r.name, (r) => r.name],
  ['server', () => 'ceiling', () => 'tessera'],
  ['req/s', (r) => String(r.ceiling.reqPerSec), (r) => String(r.backend.reqPerSec)],
  ['p50 ms', (r) => fmt(r.ceiling.p50), (r) => fmt(r.backend.p50)],
  ['p95 ms', (r) => fmt(r.ceiling.p95), (r) => fmt(r.backend.p95)],
  ['p99 ms', (r) => fmt(r.ceiling.p99), (r) => fmt(r.backend.p99)],
  ['max ms', (r) => fmt(r.ceiling.max), (r) => fmt(r.backend.max)],
  ['non-2xx', (r) => errs(r.ceiling), (r) => errs(r.backend)],
  ['vs ceiling', () => '', (r) => `${(r.ratio * 100).toFixed(1)}%`],
  ['RSS MB', () => '', (r) => String(r.backend.rssMB)],
  ['CPU %', () => '', (r) => String(r.backend.cpuPercent)],
  ['CPU ms/req', () => '', (r) => fmt(r.backend.cpuMsPerRequest)],
  ['DB CPU ms/req', () => '', (r) => (r.backend.dbCpuMsPerRequest ? fmt(r.backend.dbCpuMsPerRequest) : '')],
];

function rows(results: ScenarioResult[]): { head: string[]; body: string[][] } {
  const body: string[][] = [];
  for (const r of results) {
    body.push(COLUMNS.map(([, ceiling]) => ceiling(r)));
    body.push(COLUMNS.map(([, , backend]) => backend(r)));
  }
  return { head: COLUMNS.map(([h]) => h), body };
}

function fmt(ms: number): string {
  return ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2);
}

export function textTable(results: ScenarioResult[]): string {
  const { head, body } = rows(results);
  const all = [head, ...body];
  const widths = head.map((_, i) => Math.max(...all.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

export function markdownTable(results: ScenarioResult[]): string {
  const { head, body } = rows(results);
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  const align = head.map((_, i) => (i < 2 ? '---' : '---:'));
  return [line(head), line(align), ...body.map(line)].join('\n');
}
