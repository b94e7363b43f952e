// `tessera stack config|up|status|down|server|restart`: the production
// topology (nginx → Varnish → HAProxy → frontends → backends), its
// configuration generated from one settings file (docs/stack.md).

import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError } from '@tessera/core';
import { refuseRoot } from '../root-guard.js';
import { serverStats, setServerState } from '../stack/haproxy-socket.js';
import { alive, readState, stopAll } from '../stack/runtime.js';
import { parseStackSettings, readStackSettings, type StackSettings } from '../stack/settings.js';
import { proxyOf, restartServer, stackUp } from '../stack/up.js';
import { writeStackConfig } from '../stack/write.js';

const HELP = `Usage: tessera stack <subcommand> [options]

  config [--settings FILE] [--out deploy/generated]
      Writes nginx.conf, default.vcl (Varnish, vmod xkey) and haproxy.cfg
      for the deployment the settings file describes (docs/stack.md).
  up [--backends 2] [--frontends 2] [--db URL] [--dir var/stack] [--settings FILE]
     [--https-port 8443] [--http-port 8081] [--port-base 18000] [--x-cache]
     [--cache-control "…"] [--allow-root]
      Starts the whole topology on this machine, on loopback and unprivileged
      ports: nginx → Varnish → HAProxy → tessera frontend ×N → tessera serve ×N
      → database. More than one backend needs --db postgres://… or mysql://….
      A self-signed certificate is made when the settings name none.
  status [--dir var/stack]        processes and HAProxy's view of each server
  down [--dir var/stack]          stops everything (HAProxy's server states are kept)
  server NAME ready|drain|maint [--dir var/stack]
      Sets a backend (b1…) or frontend (f1…) state through HAProxy's admin socket.
  restart [NAME…] [--dir var/stack] [--allow-root]
      Rolling restart: drains, stops, starts and re-enables each named server
      (default: every backend, then every frontend), one at a time.
`;

const OPTIONS = {
  settings: { type: 'string' },
  out: { type: 'string' },
  dir: { type: 'string' },
  db: { type: 'string' },
  backends: { type: 'string' },
  frontends: { type: 'string' },
  'https-port': { type: 'string' },
  'http-port': { type: 'string' },
  'port-base': { type: 'string' },
  'x-cache': { type: 'boolean' },
  'cache-control': { type: 'string' },
  'allow-root': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

function count(v: string | undefined, fallback: number, what: string): number {
  const n = Number(v ?? fallback);
  if (!Number.isInteger(n) || n < 1 || n > 32) throw new ConfigError(`--${what} must be 1…32`);
  return n;
}

function portOf(v: string | undefined, fallback: number, what: string): number {
  const n = Number(v ?? fallback);
  if (!Number.isInteger(n) || n < 1 || n > 65535) throw new ConfigError(`--${what} must be a port`);
  return n;
}

/** Settings for `stack up` without a settings file: everything on loopback from a port base. */
function localDefaults(values: Record<string, any>): StackSettings {
  const base = portOf(values['port-base'], 18000, 'port-base');
  if (base > 65535 - 200) throw new ConfigError('--port-base too high');
  const nb = count(values.backends, 2, 'backends');
  const nf = count(values.frontends, 2, 'frontends');
  const lo = '127.0.0.1';
  return parseStackSettings({
    serverNames: ['localhost'],
    listen: {
      host: lo,
      https: portOf(values['https-port'], 8443, 'https-port'),
      http: portOf(values['http-port'], 8081, 'http-port'),
    },
    varnish: {
      listen: { host: lo, port: base },
      admin: { host: lo, port: base + 1 },
      xCache: !!values['x-cache'],
    },
    haproxy: { frontendsListen: { host: lo, port: base + 2 }, backendsListen: { host: lo, port: base + 3 } },
    backends: Array.from({ length: nb }, (_, i) => ({ host: lo, port: base + 10 + i })),
    frontends: Array.from({ length: nf }, (_, i) => ({ host: lo, port: base + 100 + i })),
  });
}

export async function stack(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: rest,
    options: OPTIONS,
    allowPositionals: true,
    strict: true,
  });
  if (!sub || sub === '--help' || sub === '-h' || values.help) {
    process.stdout.write(HELP);
    return sub ? 0 : 1;
  }
  const dir = resolve(values.dir ?? 'var/stack');
  const out = (msg: string) => process.stdout.write(`${msg}\n`);
  if (sub === 'up' || sub === 'restart') {
    // The backends and frontends it starts refuse root too: say so before starting anything.
    refuseRoot(values['allow-root']);
    if (values['allow-root']) process.env.TESSERA_ALLOW_ROOT = '1';
  }
  switch (sub) {
    case 'config': {
      const settings = values.settings ? readStackSettings(values.settings) : parseStackSettings({});
      const files = writeStackConfig(settings, resolve(values.out ?? 'deploy/generated'));
      for (const f of files) out(`wrote ${f}`);
      return 0;
    }
    case 'up': {
      const settings = values.settings ? readStackSettings(values.settings) : localDefaults(values);
      if (values.settings && values['x-cache']) settings.varnish.xCache = true;
      const db = values.db ?? process.env.TESSERA_DB ?? '';
      const state = await stackUp(settings, {
        dir,
        db,
        cacheControl: values['cache-control'],
        log: (m) => out(m),
      });
      out(`\nThe stack is up: ${state.url}  (state and logs in ${dir})`);
      out(`tessera stack status --dir ${dir}   ·   tessera stack down --dir ${dir}`);
      return 0;
    }
    case 'status': {
      const state = readState(dir);
      out(`site: ${state.url}`);
      for (const p of state.processes)
        out(
          `  ${p.name.padEnd(8)} ${p.kind.padEnd(9)} pid ${String(p.pid).padEnd(8)} ${alive(p.pid) ? 'running' : 'STOPPED'}`,
        );
      const stats = await serverStats(state.haproxySocket).catch(() => null);
      if (!stats) out('HAProxy admin socket: not answering');
      else {
        out('HAProxy:');
        for (const s of stats)
          out(
            `  ${s.proxy}/${s.server.padEnd(4)} ${s.status.padEnd(10)} current ${s.current} queued ${s.queued}`,
          );
      }
      return state.processes.every((p) => alive(p.pid)) ? 0 : 1;
    }
    case 'down': {
      const state = readState(dir);
      await stopAll(state);
      out('stopped');
      return 0;
    }
    case 'server': {
      const [name, action] = positionals;
      if (!name || !['ready', 'drain', 'maint'].includes(action ?? ''))
        throw new ConfigError('usage: tessera stack server NAME ready|drain|maint');
      const state = readState(dir);
      const p = state.processes.find(
        (x) => x.name === name && (x.kind === 'backend' || x.kind === 'frontend'),
      );
      if (!p) throw new ConfigError(`no backend or frontend named ${name}`);
      await setServerState(state.haproxySocket, proxyOf(p), name, action as 'ready');
      out(`${name}: ${action}`);
      return 0;
    }
    case 'restart': {
      const state = readState(dir);
      const names = positionals.length
        ? positionals
        : [
            ...state.processes.filter((p) => p.kind === 'backend'),
            ...state.processes.filter((p) => p.kind === 'frontend'),
          ].map((p) => p.name);
      for (const name of names) await restartServer(dir, name, out);
      return 0;
    }
    default:
      throw new ConfigError(`unknown subcommand "${sub}" (config, up, status, down, server, restart)`);
  }
}
