// Starting and stopping the stack's processes on this machine: each one
// detached, its output in <dir>/logs, its pid and command line in
// <dir>/stack-state.json so that `status`, `down` and a restart of one
// process work from any later shell.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { createConnection } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { haproxyCommand } from './haproxy-socket.js';

export const TESSERA_BIN = fileURLToPath(new URL('../../bin/tessera.js', import.meta.url));

export type Kind = 'backend' | 'frontend' | 'haproxy' | 'varnish' | 'nginx';

export interface ProcessSpec {
  /** b1, f1, haproxy, varnish, nginx. */
  name: string;
  kind: Kind;
  command: string[];
  /** Only the variables set for this process (the rest is inherited). */
  env: Record<string, string>;
  /** Where it is ready: an HTTP path answering 200 (node processes), else a TCP port. */
  ready: { host: string; port: number; path?: string };
  pid?: number;
}

export interface StackState {
  dir: string;
  url: string;
  haproxySocket: string;
  processes: ProcessSpec[];
}

export const statePath = (dir: string) => join(dir, 'stack-state.json');

export function readState(dir: string): StackState {
  const file = statePath(dir);
  if (!existsSync(file)) throw new Error(`no stack in ${dir} (${file} is missing); run tessera stack up`);
  return JSON.parse(readFileSync(file, 'utf8'));
}

export function writeState(state: StackState) {
  writeFileSync(statePath(state.dir), `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
}

export function alive(pid: number | undefined): boolean {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // A zombie (exited, not yet reaped) is not alive.
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
}

/** Starts one process detached (it outlives `stack up`), output appended to its log. */
export function launch(dir: string, p: ProcessSpec): number {
  const logs = join(dir, 'logs');
  mkdirSync(logs, { recursive: true });
  const out = openSync(join(logs, `${p.name}.log`), 'a');
  // NODE_TEST_CONTEXT would make a child tessera talk the test runner's protocol.
  const { NODE_TEST_CONTEXT: _, ...inherited } = process.env;
  const child = spawn(p.command[0]!, p.command.slice(1), {
    detached: true,
    stdio: ['ignore', out, out],
    env: { ...inherited, ...p.env },
  });
  child.unref();
  if (!child.pid) throw new Error(`could not start ${p.name}: ${p.command[0]}`);
  p.pid = child.pid;
  return child.pid;
}

function httpOk(host: string, port: number, path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = get({ host, port, path, timeout: 1000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => req.destroy());
  });
}

function tcpOpen(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const c = createConnection({ host, port });
    c.setTimeout(1000, () => c.destroy());
    c.on('connect', () => {
      c.end();
      resolve(true);
    });
    c.on('error', () => resolve(false));
    c.on('close', () => resolve(false));
  });
}

export async function waitReady(dir: string, p: ProcessSpec, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const { host, port, path } = p.ready;
    if (await (path ? httpOk(host, port, path) : tcpOpen(host, port))) return;
    if (!alive(p.pid)) break;
    await sleep(100);
  }
  let tail = '';
  try {
    tail = readFileSync(join(dir, 'logs', `${p.name}.log`), 'utf8').slice(-2000);
  } catch {}
  throw new Error(`${p.name} did not become ready on ${p.ready.host}:${p.ready.port}\n${tail}`);
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves when the process is gone. */
export async function stopProcess(p: ProcessSpec, graceMs = 20_000, signal: NodeJS.Signals = 'SIGTERM') {
  if (!alive(p.pid)) return;
  try {
    process.kill(p.pid!, signal);
  } catch {}
  const until = Date.now() + graceMs;
  while (alive(p.pid) && Date.now() < until) await sleep(50);
  if (alive(p.pid)) {
    try {
      process.kill(p.pid!, 'SIGKILL');
    } catch {}
    while (alive(p.pid)) await sleep(50);
  }
}

/**
 * Keeps HAProxy's runtime server states (drained/disabled servers) for its
 * next start: the file its `server-state-file` setting names.
 */
export async function saveHaproxyState(state: StackState) {
  try {
    const dump = await haproxyCommand(state.haproxySocket, 'show servers state');
    if (dump.startsWith('1')) writeFileSync(join(state.dir, 'run', 'haproxy-state'), dump);
  } catch {
    // Not running: nothing to keep.
  }
}

/** Stops everything, outermost first (nginx, Varnish, HAProxy, frontends, backends). */
export async function stopAll(state: StackState) {
  await saveHaproxyState(state);
  const order: Kind[] = ['nginx', 'varnish', 'haproxy', 'frontend', 'backend'];
  for (const kind of order) {
    await Promise.all(state.processes.filter((p) => p.kind === kind).map((p) => stopProcess(p)));
  }
}

/** A self-signed certificate for the given names (openssl CLI), valid 30 days. */
export function selfSignedCert(dir: string, names: string[]): { cert: string; key: string } {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  const san = names.map((n) => (/^[\d.]+$|:/.test(n) ? `IP:${n}` : `DNS:${n}`));
  if (!names.includes('127.0.0.1')) san.push('IP:127.0.0.1');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-sha256',
      '-days',
      '30',
      '-subj',
      `/CN=${names[0]}`,
      '-addext',
      `subjectAltName=${san.join(',')}`,
      '-keyout',
      key,
      '-out',
      cert,
    ],
    { stdio: 'ignore' },
  );
  return { cert, key };
}
