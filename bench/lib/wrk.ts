// Run wrk (the Debian package) with bench/lua/bench.lua and parse what its
// done() hook prints: requests, errors and latency percentiles.
import { type ChildProcess, execFile, execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const SCRIPT = fileURLToPath(new URL('../lua/bench.lua', import.meta.url));

export interface WrkRequest {
  /** Base URL plus the default path, e.g. http://127.0.0.1:8080/folder-001/doc-00001 */
  url: string;
  /** File with one path per line to pick from at random (instead of the URL's path). */
  pathsFile?: string;
  method?: 'GET' | 'POST' | 'PATCH';
  bodyFile?: string;
  headers?: Record<string, string>;
}

export interface WrkRun {
  connections: number;
  threads: number;
  durationSeconds: number;
}

export interface WrkResult {
  requests: number;
  seconds: number;
  reqPerSec: number;
  bytes: number;
  /** wrk's error counters; `status` counts responses with status >= 400. */
  errors: { connect: number; read: number; write: number; status: number; timeout: number };
  /** Milliseconds, as measured (wrk's coordinated-omission correction undone, see bench.lua). */
  latency: Latency;
  /** Milliseconds, as wrk reports them (with its coordinated-omission correction). */
  coLatency: Latency;
  /** False when the measured latencies could not be rebuilt; `latency` is then wrk's corrected one. */
  latencyMeasured: boolean;
}

export interface Latency {
  mean: number;
  max: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
}

interface RawLatency extends Latency {
  n?: number;
}

const toMs = (l: RawLatency): Latency => {
  const ms = (us: number) => Math.round(us) / 1000;
  return { mean: ms(l.mean), max: ms(l.max), p50: ms(l.p50), p90: ms(l.p90), p95: ms(l.p95), p99: ms(l.p99) };
};

export const WRK_INSTALL_HINT = 'wrk is not installed: sudo apt-get update && sudo apt-get install -y wrk';

/** wrk's version line, or throws with the install hint. */
export function wrkVersion(): string {
  try {
    // `wrk --version` prints its banner and exits with status 1.
    execFileSync('wrk', ['--version'], { stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    const err = e as NodeJS.ErrnoException & { stdout?: Buffer };
    if (err.code === 'ENOENT') throw new Error(WRK_INSTALL_HINT);
    const line = err.stdout?.toString().split('\n')[0];
    if (line?.startsWith('wrk')) return line.replace(/ Copyright.*/, '').trim();
    throw new Error(WRK_INSTALL_HINT);
  }
  return 'wrk';
}

const running = new Set<ChildProcess>();

/** Stops every wrk still running (on Ctrl-C). */
export function stopWrk() {
  for (const child of running) child.kill('SIGTERM');
}

export function runWrk(req: WrkRequest, run: WrkRun): Promise<WrkResult> {
  const args = [
    '-t',
    String(run.threads),
    '-c',
    String(run.connections),
    '-d',
    `${run.durationSeconds}s`,
    '--timeout',
    '10s',
    '-s',
    SCRIPT,
  ];
  for (const [k, v] of Object.entries(req.headers ?? {})) args.push('-H', `${k}: ${v}`);
  args.push(req.url);
  const env = {
    ...process.env,
    BENCH_METHOD: req.method ?? 'GET',
    BENCH_PATHS: req.pathsFile ?? '',
    BENCH_BODY: req.bodyFile ?? '',
    BENCH_CONNECTIONS: String(run.connections),
  };
  return new Promise((resolve, reject) => {
    const child = execFile('wrk', args, { env, maxBuffer: 1 << 20 }, (err, stdout, stderr) => {
      running.delete(child);
      if (err) return reject(new Error(`wrk failed: ${err.message}\n${stdout}\n${stderr}`));
      const line = stdout.split('\n').find((l) => l.startsWith('BENCH_JSON '));
      if (!line) return reject(new Error(`wrk printed no BENCH_JSON line:\n${stdout}\n${stderr}`));
      const raw = JSON.parse(line.slice('BENCH_JSON '.length)) as {
        requests: number;
        duration_us: number;
        bytes: number;
        errors: WrkResult['errors'];
        latency_us: RawLatency | null;
        co_latency_us: RawLatency;
      };
      const seconds = raw.duration_us / 1e6;
      const measured = raw.latency_us;
      if (!measured)
        console.warn("wrk: could not undo wrk's latency correction; reporting its corrected latencies");
      else if (Math.abs((measured.n ?? 0) - raw.requests) > raw.errors.timeout + 1)
        console.warn(`wrk: rebuilt ${measured.n} latency samples for ${raw.requests} requests`);
      resolve({
        requests: raw.requests,
        seconds,
        reqPerSec: raw.requests / seconds,
        bytes: raw.bytes,
        errors: raw.errors,
        latency: toMs(measured ?? raw.co_latency_us),
        coLatency: toMs(raw.co_latency_us),
        latencyMeasured: measured !== null,
      });
    });
    running.add(child);
  });
}
