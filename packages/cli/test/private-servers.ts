// Database servers of the test's own (a fresh data directory in a temp dir,
// its own port), so a test can stop and restart "the database server"
// without touching the machine's shared ones that other tests use.
// PostgreSQL runs as the `postgres` user when the tests run as root (it
// refuses root); MariaDB is told to run as the current user.
import { type ChildProcess, execFile, execFileSync, spawn } from 'node:child_process';
import { chownSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const BIN = `/usr/lib/postgresql/${readdirSync('/usr/lib/postgresql').sort().at(-1)}/bin`;

export interface PrivateServer {
  /** The server's URL with its default database (`postgres`) or none (MariaDB). */
  url: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  destroy(): Promise<void>;
}

const run = promisify(execFile);

/** Runs a PostgreSQL program (as the postgres user when we are root); async, so load keeps flowing meanwhile. */
async function asPostgres(cmd: string, args: string[]) {
  const root = process.getuid?.() === 0;
  const [file, argv] = root ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args];
  await run(file, argv, { timeout: 60_000 });
}

export async function createPrivatePostgres(): Promise<PrivateServer> {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-pg-'));
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    chownSync(dir, uid, gid);
  }
  const data = join(dir, 'data');
  await asPostgres(`${BIN}/initdb`, [
    '-D',
    data,
    '-U',
    'postgres',
    '--auth=trust',
    '-E',
    'UTF8',
    '--no-sync',
  ]);
  const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c shared_buffers=32MB`;
  const pg: PrivateServer = {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    start: () => asPostgres(`${BIN}/pg_ctl`, ['-D', data, '-o', opts, '-l', join(dir, 'log'), '-w', 'start']),
    // fast: active connections are ended at once, as in a restart for maintenance.
    stop: () => asPostgres(`${BIN}/pg_ctl`, ['-D', data, '-m', 'fast', '-w', 'stop']),
    async destroy() {
      await pg.stop().catch(() => {
        // not running
      });
      rmSync(dir, { recursive: true, force: true });
    },
  };
  await pg.start();
  return pg;
}

export async function createPrivateMariadb(): Promise<PrivateServer> {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-maria-'));
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  const data = join(dir, 'data');
  const user = execFileSync('id', ['-un']).toString().trim();
  await run(
    'mariadb-install-db',
    [
      '--no-defaults',
      `--datadir=${data}`,
      `--user=${user}`,
      '--auth-root-authentication-method=normal',
      '--skip-test-db',
    ],
    { timeout: 60_000 },
  );
  let proc: ChildProcess | undefined;
  const ping = () =>
    run('mysqladmin', ['-uroot', '-h127.0.0.1', `-P${port}`, 'ping'], { timeout: 5000 }).then(
      () => true,
      () => false,
    );
  const server: PrivateServer = {
    url: `mysql://root@127.0.0.1:${port}/`,
    async start() {
      proc = spawn(
        'mariadbd',
        [
          '--no-defaults',
          `--datadir=${data}`,
          `--port=${port}`,
          `--socket=${join(dir, 'sock')}`,
          '--bind-address=127.0.0.1',
          `--user=${user}`,
          '--innodb-buffer-pool-size=32M',
          '--skip-log-bin',
        ],
        { stdio: 'ignore' },
      );
      const until = Date.now() + 30_000;
      while (!(await ping())) {
        if (Date.now() > until || proc.exitCode !== null) throw new Error('private MariaDB did not start');
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    async stop() {
      const p = proc;
      if (!p || p.exitCode !== null) return;
      const exited = new Promise((r) => p.once('exit', r));
      // SIGTERM: the server's own orderly shutdown, connections are cut.
      p.kill('SIGTERM');
      await exited;
    },
    async destroy() {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  await server.start();
  return server;
}
