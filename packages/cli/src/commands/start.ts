// `tessera start` (what `npm start` runs): the backend on 8080 as a child
// process and the frontend on 3000 in this one; either ending ends both.
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import { loadFrontend } from './frontend.js';

const HELP = `Usage: tessera start [--port 3000] [--api-port 8080] [--data ./var] [--db URL] [--config FILE]

Runs the backend (tessera serve) and the frontend (tessera frontend) together.
The site is at http://localhost:3000, the REST API at http://localhost:8080.
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
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const apiPort = values['api-port'] ?? '8080';
  const serveArgs = ['serve', '--port', apiPort];
  for (const flag of ['data', 'db', 'config'] as const)
    if (values[flag]) serveArgs.push(`--${flag}`, values[flag]);
  const bin = new URL('../../bin/tessera.js', import.meta.url).pathname;
  const backend = spawn(process.execPath, [bin, ...serveArgs], { stdio: 'inherit' });
  const log = (msg: string) => process.stderr.write(`tessera frontend: ${msg}\n`);
  const { startFrontend } = await loadFrontend();
  const running = await startFrontend({
    port: Number(values.port ?? 3000),
    host: process.env.TESSERA_FRONTEND_HOST ?? '127.0.0.1',
    apiUrl: `http://127.0.0.1:${apiPort}`,
    publicUrl: process.env.TESSERA_PUBLIC_API_URL,
    cacheControl: process.env.TESSERA_FRONTEND_CACHE_CONTROL,
    defaultLang: process.env.TESSERA_FRONTEND_LANG,
    log,
  });
  process.stdout.write(`\nTessera is running: site at http://localhost:${values.port ?? 3000}\n\n`);
  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = (code: number) => {
      if (stopping) return;
      stopping = true;
      if (backend.exitCode === null && backend.signalCode === null) backend.kill('SIGTERM');
      void running.close().then(() => resolve(code));
    };
    backend.once('exit', (code) => stop(code ?? 0));
    process.once('SIGTERM', () => stop(0));
    process.once('SIGINT', () => stop(0));
  });
}
