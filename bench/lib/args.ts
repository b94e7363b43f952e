// Command-line options of bench/run.ts: `--name value` pairs and bare `--flag`s.
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const DEFAULT_OUT = fileURLToPath(new URL('../results/latest.json', import.meta.url));

export interface BenchOptions {
  n: number;
  folders: number;
  duration: number;
  warmup: number;
  rounds: number;
  connections: number;
  threads: number;
  seedConcurrency: number;
  scenarios: string[] | null;
  cpuProf: string | null;
  /** Empty: the embedded SQLite default; else a database URL (a fresh database is made on `postgres`/`mysql`). */
  db: string;
  /** Worker counts to measure in turn on the same seeded data (`serve --workers`). */
  workers: number[];
  out: string;
  keep: boolean;
  help: boolean;
}

export const USAGE = `usage: node --import tsx bench/run.ts [options]

  --n N                 documents to seed (default 10000)
  --folders F           folders they are spread over (default: 100, fewer when N < 2500 so
                        that every folder holds at least 25 documents)
  --duration S          seconds wrk measures each target (default 10)
  --warmup S            seconds of unmeasured load before each measurement (default 2)
  --rounds R            measure ceiling then backend R times per scenario, keep each one's
                        best req/s round (default 1; use 2-3 on a busy machine)
  --connections C       concurrent connections (default 32)
  --threads T           wrk threads (default 1: the machine has 2 cores, the server needs one)
  --seed-concurrency K  parallel POSTs while seeding (default 16)
  --scenarios a,b       subset of: doc,doc-hot,doc-anon,doc-editor,folder,volto,search-text,search-listing,navigation,image-scale,create,create-same,create-1,patch
                        (default: all)
  --cpu-prof [DIR]      run the backend with --cpu-prof; profiles go to DIR (default: a temp dir)
  --db sqlite|postgres|mysql|URL
                        the database (default sqlite; postgres/mysql: a fresh database on the
                        machine's server, dropped afterwards; a URL: use that empty database)
  --workers 1,2         backend processes (serve --workers), each count measured in turn on the
                        same data (default 1; more than 1 needs postgres or mysql)
  --out FILE            results JSON (default bench/results/latest.json; "-" to skip)
  --keep                keep the temp data directory
`;

export function parseArgs(argv: string[]): BenchOptions {
  const raw: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) throw new Error(`unexpected argument "${a}"\n${USAGE}`);
    const eq = a.indexOf('=');
    if (eq > 0) raw[a.slice(2, eq)] = a.slice(eq + 1);
    else if (i + 1 < argv.length && !argv[i + 1].startsWith('--')) raw[a.slice(2)] = argv[++i];
    else raw[a.slice(2)] = 'true';
  }
  const known = new Set([
    'n',
    'folders',
    'duration',
    'warmup',
    'rounds',
    'connections',
    'threads',
    'seed-concurrency',
    'scenarios',
    'cpu-prof',
    'db',
    'workers',
    'out',
    'keep',
    'help',
  ]);
  for (const k of Object.keys(raw)) if (!known.has(k)) throw new Error(`unknown option --${k}\n${USAGE}`);

  const int = (k: string, def: number, min = 0): number => {
    if (raw[k] === undefined) return def;
    const v = Number(raw[k]);
    if (!Number.isInteger(v) || v < min) throw new Error(`--${k} must be an integer >= ${min}`);
    return v;
  };
  const n = int('n', 10000, 1);
  const folders = int('folders', Math.max(1, Math.min(100, Math.floor(n / 25))), 1);
  return {
    n,
    folders,
    duration: int('duration', 10, 1),
    warmup: int('warmup', 2, 0),
    rounds: int('rounds', 1, 1),
    connections: int('connections', 32, 1),
    threads: int('threads', 1, 1),
    seedConcurrency: int('seed-concurrency', 16, 1),
    scenarios: raw.scenarios ? raw.scenarios.split(',').map((s) => s.trim()) : null,
    cpuProf:
      raw['cpu-prof'] === undefined
        ? null
        : raw['cpu-prof'] === 'true'
          ? join(os.tmpdir(), `tessera-bench-prof-${Date.now()}`)
          : raw['cpu-prof'],
    db: raw.db ?? 'sqlite',
    workers: (raw.workers ?? '1').split(',').map((w) => {
      const v = Number(w);
      if (!Number.isInteger(v) || v < 1) throw new Error('--workers takes counts like 1,2');
      return v;
    }),
    out: raw.out ?? DEFAULT_OUT,
    keep: raw.keep === 'true',
    help: raw.help === 'true',
  };
}
