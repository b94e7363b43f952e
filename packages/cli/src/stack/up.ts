// `tessera stack up`: the whole topology on this machine, innermost first
// (backends, frontends, HAProxy, Varnish, nginx), each waited for before the
// next, so the site answers when the command returns.

import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ConfigError } from '@tessera/core';
import { FRONTEND_NODE_FLAGS } from '../node-flags.js';
import { backendServer, frontendServer } from './haproxy.js';
import { serverStats, setServerState } from './haproxy-socket.js';
import {
  alive,
  launch,
  type ProcessSpec,
  readState,
  type StackState,
  selfSignedCert,
  statePath,
  stopAll,
  stopProcess,
  TESSERA_BIN,
  waitReady,
  writeState,
} from './runtime.js';
import type { StackSettings } from './settings.js';
import { FILES, writeStackConfig } from './write.js';

/** The frontend's liveness check: answered without calling the backend. */
export const FRONTEND_CHECK = '/ok';

export interface UpOptions {
  dir: string;
  /** Database URL; empty: SQLite in <dir>/data (one backend only). */
  db: string;
  /** Cache-Control of anonymous pages (the frontends' --cache-control). */
  cacheControl?: string;
  log?: (msg: string) => void;
}

export function publicUrl(s: StackSettings): string {
  return `https://${s.serverNames[0]}${s.listen.https === 443 ? '' : `:${s.listen.https}`}`;
}

/** The settings as `stack up` runs them: its own run/log dirs, a certificate, blobs beside them. */
export function localSettings(s: StackSettings, opts: UpOptions): StackSettings {
  const dir = opts.dir;
  const tls = s.tls.cert ? s.tls : selfSignedCert(join(dir, 'tls'), s.serverNames);
  return {
    ...s,
    tls,
    blobs: { dir: s.blobs.dir || join(dir, 'blobs'), location: s.blobs.location },
    paths: { run: join(dir, 'run'), logs: join(dir, 'logs') },
    // Workers as root only because the run directory is private to root;
    // a production config names an unprivileged user (docs/stack.md).
    nginxUser: s.nginxUser || (process.getuid?.() === 0 ? 'root' : ''),
  };
}

function isSqlite(db: string) {
  return db === '' || db.startsWith('sqlite:');
}

export function processSpecs(s: StackSettings, opts: UpOptions): ProcessSpec[] {
  const dir = opts.dir;
  const node = process.execPath;
  const api = `http://${s.haproxy.backendsListen.host}:${s.haproxy.backendsListen.port}`;
  const backendEnv: Record<string, string> = {
    TESSERA_DATA: join(dir, 'data'),
    TESSERA_BLOB_DIR: s.blobs.dir,
    TESSERA_X_ACCEL_REDIRECT: s.blobs.location,
    TESSERA_PURGE_URLS: `http://${s.varnish.listen.host}:${s.varnish.listen.port}`,
    TESSERA_LOG_LEVEL: process.env.TESSERA_LOG_LEVEL ?? 'warn',
    TESSERA_PUBLIC_URL: publicUrl(s),
  };
  if (opts.db) backendEnv.TESSERA_DB = opts.db;
  const specs: ProcessSpec[] = [];
  s.backends.forEach((b, i) => {
    specs.push({
      name: backendServer(i),
      kind: 'backend',
      command: [node, TESSERA_BIN, 'serve', '--host', b.host, '--port', String(b.port)],
      env: backendEnv,
      ready: { host: b.host, port: b.port, path: '/ok' },
    });
  });
  s.frontends.forEach((f, i) => {
    const command = [
      node,
      ...FRONTEND_NODE_FLAGS,
      TESSERA_BIN,
      'frontend',
      '--host',
      f.host,
      '--port',
      String(f.port),
    ];
    command.push('--api', api, '--public-api', publicUrl(s));
    if (opts.cacheControl) command.push('--cache-control', opts.cacheControl);
    specs.push({
      name: frontendServer(i),
      kind: 'frontend',
      command,
      // React's production build even when started from a test run (NODE_ENV=test).
      // No in-process data cache: behind Varnish the purges are what keeps
      // pages fresh, and a frontend's own cache cannot be purged, so it would
      // rebuild a purged page from data up to its TTL old.
      env: { NODE_ENV: 'production', TESSERA_FRONTEND_DATA_TTL: '0' },
      ready: { host: f.host, port: f.port, path: FRONTEND_CHECK },
    });
  });
  const run = s.paths.run;
  const conf = join(dir, 'conf');
  const h = s.haproxy.backendsListen;
  specs.push({
    name: 'haproxy',
    kind: 'haproxy',
    // -W: master-worker in the foreground (reload: SIGUSR2 to the master).
    command: ['haproxy', '-W', '-f', join(conf, FILES.haproxy)],
    env: {},
    ready: { host: h.host, port: h.port },
  });
  const v = s.varnish;
  specs.push({
    name: 'varnish',
    kind: 'varnish',
    command: [
      'varnishd',
      '-F', // foreground: this process is the one to stop
      '-j',
      'none', // no privilege separation: runs as whoever starts it, no root needed
      '-n',
      join(run, 'varnish'),
      '-a',
      `${v.listen.host}:${v.listen.port}`,
      '-T',
      `${v.admin.host}:${v.admin.port}`,
      '-S',
      join(run, 'varnish-secret'),
      '-f',
      join(conf, FILES.varnish),
      '-s',
      `malloc,${v.memory}`,
      '-p',
      'vsl_space=16m',
      // Room for pages' three tag headers of up to 150 UIDs each.
      '-p',
      'http_resp_hdr_len=16k',
      '-p',
      'http_resp_size=64k',
    ],
    env: {},
    ready: { host: v.listen.host, port: v.listen.port },
  });
  specs.push({
    name: 'nginx',
    kind: 'nginx',
    command: [
      'nginx',
      '-p',
      run,
      '-c',
      join(conf, FILES.nginx),
      '-e',
      join(s.paths.logs, 'nginx-error.log'),
      '-g',
      'daemon off;',
    ],
    env: {},
    ready: { host: s.listen.host === '0.0.0.0' ? '127.0.0.1' : s.listen.host, port: s.listen.https },
  });
  return specs;
}

export async function stackUp(settings: StackSettings, opts: UpOptions): Promise<StackState> {
  const log = opts.log ?? (() => {});
  if (settings.backends.length > 1 && isSqlite(opts.db))
    throw new ConfigError(
      'several backends need PostgreSQL or MariaDB (--db postgres://… or mysql://…): SQLite is one process',
    );
  const dir = opts.dir;
  if (existsSync(statePath(dir))) {
    const running = readState(dir).processes.filter((p) => alive(p.pid));
    if (running.length)
      throw new ConfigError(
        `a stack is running in ${dir} (${running.map((p) => p.name).join(', ')}): tessera stack down --dir ${dir} first`,
      );
  }
  for (const d of ['run', 'logs', 'conf', 'data']) mkdirSync(join(dir, d), { recursive: true, mode: 0o700 });
  const s = localSettings(settings, opts);
  mkdirSync(s.blobs.dir, { recursive: true, mode: 0o700 });
  writeStackConfig(s, join(dir, 'conf'));
  // Varnish's management secret: random, private.
  execFileSync('sh', [
    '-c',
    `umask 077 && head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \\n' > "$1"`,
    'sh',
    join(dir, 'run', 'varnish-secret'),
  ]);
  const specs = processSpecs(s, opts);
  const state: StackState = {
    dir,
    url: publicUrl(s),
    haproxySocket: join(s.paths.run, 'haproxy.sock'),
    processes: specs,
  };
  writeState(state);
  try {
    // The site is created once, before several backends race to create it.
    const backend = specs.find((p) => p.kind === 'backend')!;
    const { NODE_TEST_CONTEXT: _, ...env } = process.env;
    const init = execFileSync(process.execPath, [TESSERA_BIN, 'init'], {
      env: { ...env, ...backend.env },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    }).toString();
    if (/password/i.test(init)) log(init.trim());
  } catch (err: any) {
    // "a site exists already" (exit 1) is fine: the stack starts again on its data.
    if (!/exists already/.test(String(err.stderr))) throw err;
  }
  try {
    for (const kind of ['backend', 'frontend', 'haproxy', 'varnish', 'nginx'] as const) {
      const group = specs.filter((p) => p.kind === kind);
      for (const p of group) launch(dir, p);
      writeState(state);
      await Promise.all(group.map((p) => waitReady(dir, p)));
      log(`${kind}: ${group.map((p) => `${p.name} (pid ${p.pid})`).join(', ')}`);
    }
    await waitPoolsUp(state);
  } catch (err) {
    await stopAll(state);
    throw err;
  }
  return state;
}

/** HAProxy marks servers up after two checks: wait for every one. */
export async function waitPoolsUp(state: StackState, timeoutMs = 20_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const stats = await serverStats(state.haproxySocket).catch(() => []);
    if (stats.length && stats.every((x) => x.status.startsWith('UP') || x.status === 'DRAIN')) return;
    if (Date.now() > until) throw new Error(`HAProxy servers not up: ${JSON.stringify(stats)}`);
    await sleep(200);
  }
}

export function proxyOf(p: ProcessSpec): string {
  return p.kind === 'backend' ? 'be_api' : 'be_pages';
}

/**
 * Restarts one backend or frontend the way a sysadmin does: drain it in
 * HAProxy (no new requests), wait for its requests to finish, take it out
 * (maint), stop and start it, wait for /ok, then put it back (ready) and
 * wait until HAProxy's checks see it up.
 */
export async function restartServer(dir: string, name: string, log: (m: string) => void = () => {}) {
  const state = readState(dir);
  const p = state.processes.find((x) => x.name === name);
  if (!p || (p.kind !== 'backend' && p.kind !== 'frontend'))
    throw new ConfigError(`no backend or frontend named ${name}`);
  const proxy = proxyOf(p);
  await setServerState(state.haproxySocket, proxy, name, 'drain');
  const until = Date.now() + 30_000;
  for (;;) {
    const stat = (await serverStats(state.haproxySocket)).find((x) => x.proxy === proxy && x.server === name);
    if (!stat || stat.current === 0 || Date.now() > until) break;
    await sleep(100);
  }
  await setServerState(state.haproxySocket, proxy, name, 'maint');
  await stopProcess(p);
  launch(dir, p);
  writeState(state);
  await waitReady(dir, p);
  await setServerState(state.haproxySocket, proxy, name, 'ready');
  const upBy = Date.now() + 20_000;
  for (;;) {
    const stat = (await serverStats(state.haproxySocket)).find((x) => x.proxy === proxy && x.server === name);
    if (stat?.status.startsWith('UP')) break;
    if (Date.now() > upBy) throw new Error(`${name} is not up again in HAProxy (${stat?.status})`);
    await sleep(100);
  }
  log(`${name} restarted (pid ${p.pid})`);
}
