// Start a server as a child process, wait until it answers HTTP, stop it.
import { type ChildProcess, spawn } from 'node:child_process';

export interface Child {
  pid: number;
  proc: ChildProcess;
  /** Last lines of its stderr/stdout, for error messages. */
  output(): string;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once it has exited. */
  stop(graceMs?: number): Promise<void>;
}

export interface StartOptions {
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Polled until it answers with any HTTP status below 500. */
  readyUrl: string;
  timeoutMs?: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function startChild(opts: StartOptions): Promise<Child> {
  const proc = spawn(opts.command, opts.args, {
    env: opts.env ?? process.env,
    cwd: opts.cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let tail = '';
  const keep = (b: Buffer) => {
    tail = (tail + b.toString()).slice(-4000);
  };
  proc.stdout?.on('data', keep);
  proc.stderr?.on('data', keep);
  let exited = proc.exitCode !== null;
  const exit = new Promise<void>((r) =>
    proc.once('exit', () => {
      exited = true;
      r();
    }),
  );

  const child: Child = {
    pid: proc.pid ?? -1,
    proc,
    output: () => tail,
    async stop(graceMs = 10_000) {
      if (exited) return;
      proc.kill('SIGTERM');
      const timer = setTimeout(() => proc.kill('SIGKILL'), graceMs);
      await exit;
      clearTimeout(timer);
    },
  };

  const deadline = Date.now() + (opts.timeoutMs ?? 30_000);
  for (;;) {
    if (exited)
      throw new Error(`${opts.command} ${opts.args.join(' ')} exited before it was ready:\n${tail}`);
    try {
      const r = await fetch(opts.readyUrl, { signal: AbortSignal.timeout(1000) });
      await r.arrayBuffer();
      if (r.status < 500) return child;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await child.stop();
      throw new Error(`${opts.readyUrl} did not answer within ${opts.timeoutMs ?? 30_000} ms:\n${tail}`);
    }
    await sleep(100);
  }
}
