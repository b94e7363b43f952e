// Runs the real `tessera` command as a child process, for tests that need a
// real server: kill -9, signals, log files.
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../bin/tessera.js', import.meta.url));

export interface Running {
  proc: ChildProcess;
  url: string;
  stdout: () => string;
}

export function startServer(args: string[], env: Record<string, string>): Promise<Running> {
  // NODE_TEST_CONTEXT would make the child talk the test runner's protocol.
  const { NODE_TEST_CONTEXT: _, ...inherited } = process.env;
  const proc = spawn(process.execPath, [BIN, 'serve', '--port', '0', ...args], {
    // The tests run as root on CI; serving as root must then be forced (root-guard.ts).
    env: { ...inherited, TESSERA_ALLOW_ROOT: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}\n${err}`)), 60_000);
    proc.stderr!.on('data', (d) => {
      err += d;
    });
    proc.stdout!.on('data', (d) => {
      out += d;
      const m = /"address":"(http:\/\/[^"]+)"/.exec(out) ?? /listening at (http:\/\/[\w.:[\]-]+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ proc, url: m[1], stdout: () => out });
      }
    });
    proc.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code}):\n${out}\n${err}`));
    });
  });
}

export async function stop(r: Running, signal: NodeJS.Signals = 'SIGTERM') {
  // A process ended by a signal has a signalCode and no exitCode.
  if (r.proc.exitCode !== null || r.proc.signalCode !== null) return;
  const exited = new Promise((res) => r.proc.once('exit', res));
  r.proc.kill(signal);
  await exited;
}

/** Runs `tessera <args>` to its end without blocking this process (a server it talks to may run here). */
export function runTessera(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number | null; out: string; err: string }> {
  const { NODE_TEST_CONTEXT: _, ...inherited } = process.env;
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { ...inherited, TESSERA_ALLOW_ROOT: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d) => {
    out += d;
  });
  child.stderr!.on('data', (d) => {
    err += d;
  });
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, out, err })));
}
