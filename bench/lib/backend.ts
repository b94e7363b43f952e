// Start a fresh Tessera backend (packages/cli/bin/tessera.js serve) on a free
// loopback port with its own data directory and a generated admin password.
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { type Child, startChild } from './child.js';
import { freePort } from './free-port.js';

const CLI = fileURLToPath(new URL('../../packages/cli/bin/tessera.js', import.meta.url));
const REPO = fileURLToPath(new URL('../..', import.meta.url));

export interface Backend {
  child: Child;
  url: string;
  password: string;
  /** `Basic …` header value for admin. */
  auth: string;
}

export async function startBackend(opts: {
  dataDir: string;
  cpuProfDir?: string | null;
  env?: Record<string, string>;
  /** A database URL (empty: SQLite in dataDir). */
  db?: string;
  /** `serve --workers N`. */
  workers?: number;
  /** Reuse a password (a restart on the same data). */
  password?: string;
}): Promise<Backend> {
  const port = await freePort();
  const password = opts.password ?? randomBytes(18).toString('base64url');
  const nodeArgs = opts.cpuProfDir ? ['--cpu-prof', '--cpu-prof-dir', opts.cpuProfDir] : [];
  const url = `http://127.0.0.1:${port}`;
  const child = await startChild({
    command: process.execPath,
    args: [
      ...nodeArgs,
      CLI,
      'serve',
      '--host',
      '127.0.0.1',
      '--port',
      String(port),
      '--data',
      opts.dataDir,
      ...(opts.db ? ['--db', opts.db] : []),
      ...(opts.workers && opts.workers > 1 ? ['--workers', String(opts.workers)] : []),
    ],
    cwd: REPO,
    env: {
      ...process.env,
      // Benchmarks run as root here; serving as root must be forced.
      TESSERA_ALLOW_ROOT: '1',
      TESSERA_ADMIN_PASSWORD: password,
      TESSERA_LOG_LEVEL: process.env.TESSERA_LOG_LEVEL ?? 'warn',
      ...opts.env,
    },
    readyUrl: `${url}/ok`,
    timeoutMs: 60_000,
  });
  const auth = `Basic ${Buffer.from(`admin:${password}`).toString('base64')}`;
  return { child, url, password, auth };
}
