// Summarize a backend CPU profile written by `bench/run.ts --cpu-prof DIR`:
// per phase (seed, each scenario; from DIR/phases.json), the functions with
// the most self time, self time per area (package / file), and the project's
// own functions by inclusive time.
//
//   node --import tsx bench/profile-summary.ts DIR|FILE.cpuprofile [--top 15] [--phase doc,create]
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}
interface Phase {
  name: string;
  from: number;
  to: number;
}

const REPO = fileURLToPath(new URL('..', import.meta.url));

function args() {
  const argv = process.argv.slice(2);
  const get = (k: string) => {
    const i = argv.indexOf(`--${k}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const target = argv.find((a, i) => !a.startsWith('--') && !argv[i - 1]?.startsWith('--'));
  if (!target) throw new Error('usage: profile-summary.ts DIR|FILE.cpuprofile [--top 15] [--phase a,b]');
  return { target, top: Number(get('top') ?? 15), only: get('phase')?.split(',') };
}

function shortUrl(url: string): string {
  let u = url.replace(/^file:\/\//, '');
  if (u.startsWith(REPO)) u = u.slice(REPO.length);
  return u.replace(/^.*node_modules\//, 'node_modules/');
}

/** What a frame belongs to: a package, a project file, node internals, or a VM pseudo-frame. */
function area(f: CallFrame): string {
  if (!f.url) return f.functionName.startsWith('(') ? f.functionName : '(native)';
  const u = shortUrl(f.url);
  if (u.startsWith('node:')) return 'node:internal';
  const m = /^node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(u);
  if (m) return m[1];
  return u;
}

const key = (f: CallFrame) =>
  `${f.functionName || '(anonymous)'} ${shortUrl(f.url)}:${f.lineNumber + 1}:${f.columnNumber + 1}`;

function summarize(p: Profile, phase: Phase, top: number) {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

  const self = new Map<string, number>();
  const areas = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let t = p.startTime;
  let busy = 0;
  let total = 0;
  for (let i = 0; i < p.samples.length; i++) {
    t += p.timeDeltas[i];
    const s = (t - p.startTime) / 1e6;
    if (s < phase.from || s > phase.to) continue;
    const dt = p.timeDeltas[i + 1] ?? 0;
    const node = byId.get(p.samples[i]);
    if (!node) continue;
    total += dt;
    if (node.callFrame.functionName === '(idle)') continue;
    busy += dt;
    const k = key(node.callFrame);
    self.set(k, (self.get(k) ?? 0) + dt);
    const a = area(node.callFrame);
    areas.set(a, (areas.get(a) ?? 0) + dt);
    const seen = new Set<string>();
    for (let id: number | undefined = node.id; id !== undefined; id = parent.get(id)) {
      const f = byId.get(id)?.callFrame;
      if (!f?.url.includes('/packages/')) continue;
      const fk = key(f);
      if (seen.has(fk)) continue;
      seen.add(fk);
      inclusive.set(fk, (inclusive.get(fk) ?? 0) + dt);
    }
  }
  const pct = (x: number) => `${((x / Math.max(1, busy)) * 100).toFixed(1).padStart(5)}%`;
  const list = (m: Map<string, number>) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, v]) => `    ${pct(v)}  ${k}`)
      .join('\n');
  console.log(
    `\n== ${phase.name} (${phase.from}-${phase.to} s): CPU busy ${(busy / 1e6).toFixed(1)} s of ` +
      `${(total / 1e6).toFixed(1)} s sampled (${((busy / Math.max(1, total)) * 100).toFixed(0)}%)`,
  );
  console.log(`  self time by area (% of busy):\n${list(areas)}`);
  console.log(`  self time by function:\n${list(self)}`);
  console.log(`  inclusive time, project code (packages/):\n${list(inclusive)}`);
}

function main() {
  const { target, top, only } = args();
  let file = target;
  let phasesFile: string | undefined;
  if (statSync(target).isDirectory()) {
    // Node writes one profile per thread (CPU.<date>.<time>.<pid>.<thread>.<seq>.cpuprofile);
    // thread 0 is the main thread (tsx's loader runs in another). Newest first.
    const profiles = readdirSync(target)
      .filter((f) => /\.0\.\d+\.cpuprofile$/.test(f))
      .map((f) => join(target, f))
      .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
    if (!profiles.length) throw new Error(`no main-thread .cpuprofile in ${target}`);
    file = profiles[0];
  }
  const pf = join(dirname(file), 'phases.json');
  if (existsSync(pf)) phasesFile = pf;
  const p = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const span = p.timeDeltas.reduce((a, b) => a + b, 0) / 1e6;
  let phases: Phase[] = phasesFile ? JSON.parse(readFileSync(phasesFile, 'utf8')) : [];
  if (!phases.length) phases = [{ name: 'whole profile', from: 0, to: span }];
  if (only) phases = phases.filter((ph) => only.includes(ph.name));
  console.log(`${file}: ${p.samples.length} samples over ${span.toFixed(1)} s`);
  for (const ph of phases) summarize(p, ph, top);
}

main();
