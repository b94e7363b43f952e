// Download throughput of one large blob, as a ratio of reading the same
// bytes from disk in the same run (issue #5's goal: ≥ 0.7), and of a bare
// node:http server streaming the same file. The backend runs as its own
// process (packages/cli/bin/tessera.js serve, the embedded default with blobs
// as files; TESSERA_DB=postgres://… for blobs in the database); the file goes
// up once as a multipart upload, then each is read `--rounds` times, in turn,
// from a warm page cache:
//   disk     fs.createReadStream (1 MiB reads) of a file holding the same bytes
//   diskCurl the same file read from disk by the HTTP client itself (curl
//            file://): the same reader as the downloads, so the ratio to it
//            is what the server and the network path cost
//   ceiling  GET from a bare node:http server piping that file (bench/lib/file-ceiling.ts)
//   backend  GET @@download/file
//   nginx    the same GET through nginx (when installed) in front of a second
//            backend process with xAccelRedirect: the backend checks the
//            permission, nginx sends the file (sendfile) — the production path
// HTTP downloads are made by curl (a C client, so the client is not the
// bottleneck) when it is installed, else by node:http.
//
//   node --import tsx bench/download-throughput.ts [--mb 100] [--rounds 5]

import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, createReadStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startBackend } from './lib/backend.js';
import { freePort } from './lib/free-port.js';

const { values } = parseArgs({
  options: { mb: { type: 'string', default: '100' }, rounds: { type: 'string', default: '5' } },
});
const size = Number(values.mb) * 1024 * 1024;
const rounds = Number(values.rounds);
const dir = mkdtempSync(join(os.tmpdir(), 'tessera-bench-download-'));
// nginx's workers (another user when started as root) read the blob files.
chmodSync(dir, 0o755);
const bytes = randomBytes(size);
const diskFile = join(dir, 'same-bytes.bin');
writeFileSync(diskFile, bytes);

const backend = await startBackend({ dataDir: join(dir, 'data') });
const { port } = new URL(backend.url);

function upload(): Promise<void> {
  const boundary = 'bench-download';
  return new Promise((resolve, reject) => {
    const req = request(
      {
        port,
        host: '127.0.0.1',
        method: 'POST',
        path: '/',
        headers: {
          authorization: backend.auth,
          accept: 'application/json',
          'content-type': `multipart/form-data; boundary=${boundary}`,
        },
      },
      (res) => {
        res.resume();
        res.on('end', () =>
          res.statusCode === 201 ? resolve() : reject(new Error(`upload: ${res.statusCode}`)),
        );
      },
    );
    req.on('error', reject);
    req.write(
      `--${boundary}\r\nContent-Disposition: form-data; name="@type"\r\n\r\nFile\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="id"\r\n\r\nbig\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="title"\r\n\r\nBig\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.bin"\r\n` +
        'Content-Type: application/octet-stream\r\n\r\n',
    );
    req.write(bytes);
    req.end(`\r\n--${boundary}--\r\n`);
  });
}

/** Seconds to read everything a stream gives, and how many bytes it gave. */
async function timed(open: () => Promise<NodeJS.ReadableStream>): Promise<{ s: number; n: number }> {
  const t0 = performance.now();
  let n = 0;
  for await (const chunk of await open()) n += (chunk as Buffer).length;
  return { s: (performance.now() - t0) / 1000, n };
}

const hasCurl = spawnSync('curl', ['--version']).status === 0;

/** One HTTP download, every byte read and thrown away. */
function fetchAll(url: string, auth?: string): Promise<{ s: number; n: number }> {
  if (!hasCurl)
    return timed(
      () =>
        new Promise<NodeJS.ReadableStream>((resolve, reject) => {
          request(url, { headers: auth ? { authorization: auth } : {} }, (res) =>
            res.statusCode === 200 ? resolve(res) : reject(new Error(`${url}: ${res.statusCode}`)),
          )
            .on('error', reject)
            .end();
        }),
    );
  return new Promise((resolve, reject) => {
    const args = ['-s', '-o', '/dev/null', '-w', '%{http_code} %{size_download} %{time_total}', url];
    if (auth) args.push('-H', `Authorization: ${auth}`);
    const curl = spawn('curl', args);
    let out = '';
    curl.stdout.on('data', (d) => {
      out += d;
    });
    curl.on('error', reject);
    curl.on('exit', () => {
      const [code, n, s] = out.trim().split(' ');
      if (code !== '200') return reject(new Error(`${url}: ${code}`));
      resolve({ n: Number(n), s: Number(s) });
    });
  });
}

/** The file read from disk by curl itself (file://), every byte thrown away. */
function curlFile(file: string): Promise<{ s: number; n: number }> {
  return new Promise((resolve, reject) => {
    const curl = spawn('curl', [
      '-s',
      '-o',
      '/dev/null',
      '-w',
      '%{size_download} %{time_total}',
      `file://${file}`,
    ]);
    let out = '';
    curl.stdout.on('data', (d) => {
      out += d;
    });
    curl.on('error', reject);
    curl.on('exit', () => {
      const [n, s] = out.trim().split(' ');
      resolve({ n: Number(n), s: Number(s) });
    });
  });
}

const mbps = (r: { s: number; n: number }) => r.n / 1024 / 1024 / r.s;
const ceilingPort = await freePort();
const ceiling = spawn(
  process.execPath,
  [
    '--import',
    'tsx',
    fileURLToPath(new URL('./lib/file-ceiling.ts', import.meta.url)),
    diskFile,
    String(ceilingPort),
  ],
  {
    stdio: ['ignore', 'pipe', 'inherit'],
  },
);
await new Promise((resolve) => ceiling.stdout.once('data', resolve));
const ways: Record<string, () => Promise<{ s: number; n: number }>> = {
  disk: async () => timed(async () => createReadStream(diskFile, { highWaterMark: 1024 * 1024 })),
  ...(hasCurl ? { diskCurl: () => curlFile(diskFile) } : {}),
  ceiling: () => fetchAll(`http://127.0.0.1:${ceilingPort}/`),
  backend: () => fetchAll(`${backend.url}/big/@@download/file`, backend.auth),
};
// The backend keeps its data directory private (0700); here nginx's workers
// must read the blob files, as a deployment's shared blobDir allows them to.
chmodSync(join(dir, 'data'), 0o755);
const nginx = await startNginxInFront(join(dir, 'data'));
if (nginx) ways.nginx = () => fetchAll(`${nginx.url}/big/@@download/file`, backend.auth);

/** nginx in front of a second backend (same data) that answers downloads with X-Accel-Redirect. */
async function startNginxInFront(dataDir: string) {
  if (spawnSync('nginx', ['-v']).status !== 0) return undefined;
  const accel = await startBackend({ dataDir, env: { TESSERA_X_ACCEL_REDIRECT: '/_blobs/' } });
  const port = await freePort();
  const conf = join(dir, 'nginx.conf');
  const temp = (name: string) => `${name}_temp_path ${join(dir, name)};`;
  writeFileSync(
    conf,
    `daemon off; worker_processes 1; pid ${join(dir, 'nginx.pid')}; error_log ${join(dir, 'nginx-error.log')} warn;
events { worker_connections 256; }
http {
  access_log off; sendfile on; tcp_nopush on;
  ${['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(temp).join(' ')}
  server {
    listen 127.0.0.1:${port};
    location /_blobs/ { internal; alias ${join(dataDir, 'blobs')}/; }
    location / { proxy_pass ${accel.url}; proxy_set_header Host $http_host; }
  }
}
`,
  );
  const proc = spawn('nginx', ['-c', conf, '-p', dir], { stdio: 'inherit' });
  await new Promise((r) => setTimeout(r, 500));
  return {
    url: `http://127.0.0.1:${port}`,
    async stop() {
      proc.kill();
      await accel.child.stop();
    },
  };
}
try {
  await upload();
  const figures: Record<string, number[]> = Object.fromEntries(Object.keys(ways).map((k) => [k, []]));
  // One round to warm the page cache and the servers, then the measured ones.
  for (let i = 0; i <= rounds; i++) {
    const line: string[] = [];
    for (const [name, run] of Object.entries(ways)) {
      const r = await run();
      if (r.n !== size) throw new Error(`${name} read ${r.n} bytes, expected ${size}`);
      if (i > 0) figures[name]!.push(mbps(r));
      line.push(`${name} ${mbps(r).toFixed(0)} MB/s`);
    }
    if (i > 0) console.log(`round ${i}: ${line.join(', ')}`);
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const [d, c, b] = [median(figures.disk!), median(figures.ceiling!), median(figures.backend!)];
  const x = figures.nginx ? median(figures.nginx) : undefined;
  const dc = figures.diskCurl ? median(figures.diskCurl) : undefined;
  console.log(
    `\n${values.mb} MB blob, median of ${rounds} (client: ${hasCurl ? 'curl' : 'node:http'}): ` +
      `disk ${d.toFixed(0)} MB/s, ceiling ${c.toFixed(0)} MB/s, backend ${b.toFixed(0)} MB/s; ` +
      `backend/disk ${(b / d).toFixed(2)} (goal ≥ 0.70), backend/ceiling ${(b / c).toFixed(2)}` +
      (x === undefined ? '' : `; nginx X-Accel ${x.toFixed(0)} MB/s, nginx/disk ${(x / d).toFixed(2)}`) +
      (dc === undefined
        ? ''
        : `; disk read by curl ${dc.toFixed(0)} MB/s: backend/that ${(b / dc).toFixed(2)}` +
          (x === undefined ? '' : `, nginx/that ${(x / dc).toFixed(2)}`)) +
      ' ' +
      `(storage ${process.env.TESSERA_DB || 'sqlite, blobs as files'}, ${os.cpus().length} cores, node ${process.version})`,
  );
} finally {
  await nginx?.stop();
  ceiling.kill();
  await backend.child.stop();
  if (process.env.KEEP_BENCH_DIR) console.log(`kept ${dir}`);
  else rmSync(dir, { recursive: true, force: true });
}
