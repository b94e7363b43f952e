// `tessera start` (what `npm start` runs): the backend on 8080 as a child
// process and the frontend on 3000 in this one; either ending ends both.
// SIGTERM drains both (each finishes its requests in flight) before exiting.
// It is the README's one-command trial on the embedded default, often run in
// a root container, so as root it warns instead of refusing; the production
// commands (serve, frontend, stack) refuse root unless told.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { frontendOptions, startDrainableFrontend } from './frontend.js';

const HELP = `Usage: tessera start [--port 3000] [--api-port 8080] [--data ./var] [--db URL] [--config FILE]
                     [--allow-root]

Runs the backend (tessera serve) and the frontend (tessera frontend) together.
The site is at http://localhost:3000, the REST API at http://localhost:8080.
SIGTERM drains both (see tessera serve --help). As root it warns (this is the
trial command); run production with tessera serve / frontend as another user.
`;

export async function start(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      'api-port': { type: 'string' },
      data: { type: 'string' },
      db: { type: 'string' },
      config: { type: 'string' },
      'allow-root': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const asRoot = process.getuid?.() === 0;
  if (asRoot && !values['allow-root'])
    process.stderr.write(
      'tessera start: running as root — fine for trying Tessera; in production run tessera serve and tessera frontend as an unprivileged user (deploy/systemd/)\n',
    );
  const apiPort = values['api-port'] ?? '8080';
  const serveArgs = ['serve', '--port', apiPort];
  if (asRoot) serveArgs.push('--allow-root');
  for (const flag of ['data', 'db', 'config'] as const)
    if (values[flag]) serveArgs.push(`--${flag}`, values[flag]);
  const bin = new URL('../../bin/tessera.js', import.meta.url).pathname;
  const backend = spawn(process.execPath, [bin, ...serveArgs], { stdio: 'inherit' });
  const log = (msg: string) => process.stderr.write(`tessera frontend: ${msg}\n`);
  const running = await startDrainableFrontend(
    {
      ...frontendOptions([]),
      port: Number(values.port ?? 3000),
      apiUrl: `http://127.0.0.1:${apiPort}`,
    },
    log,
  );
  process.stdout.write(`\nTessera is running: site at http://localhost:${values.port ?? 3000}\n\n`);
  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = (code: number) => {
      if (stopping) return;
      stopping = true;
      const backendExited =
        backend.exitCode === null && backend.signalCode === null ? once(backend, 'exit') : Promise.resolve();
      if (backend.exitCode === null && backend.signalCode === null) backend.kill('SIGTERM');
      // Both drain at once; this process ends when both are done.
      void Promise.all([running.stop(), backendExited]).then(() => resolve(code));
    };
    backend.once('exit', (code) => stop(code ?? 0));
    process.once('SIGTERM', () => stop(0));
    // Log reopening is the backend's business; this process only passes it on.
    process.on('SIGUSR2', () => backend.kill('SIGUSR2'));
    process.once('SIGINT', () => stop(0));
  });
}
