// Download throughput of one large blob, as a ratio of reading the same
// bytes from disk in the same run (issue #5's goal: ≥ 0.7). The backend runs
// as its own process (packages/cli/bin/tessera.js serve, the embedded
// default with blobs as files; TESSERA_DB=postgres://… for blobs in the
// database); the file goes up once as a multipart upload, then is read
// `--rounds` times each way, alternating, from a warm page cache:
//   disk     fs.createReadStream of a file holding the same bytes
//   backend  GET @@download/file over loopback HTTP, every byte counted
//
//   node --import tsx bench/download-throughput.ts [--mb 100] [--rounds 5]
import { createReadStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { randomBytes } from 'node:crypto';
import { startBackend } from './lib/backend.js';

const { values } = parseArgs({
  options: { mb: { type: 'string', default: '100' }, rounds: { type: 'string', default: '5' } },
});
const size = Number(values.mb) * 1024 * 1024;
const rounds = Number(values.rounds);
const dir = mkdtempSync(join(os.tmpdir(), 'tessera-bench-download-'));
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
        res.on('end', () => (res.statusCode === 201 ? resolve() : reject(new Error(`upload: ${res.statusCode}`))));
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

const download = () =>
  new Promise<NodeJS.ReadableStream>((resolve, reject) => {
    request({ port, host: '127.0.0.1', path: '/big/@@download/file', headers: { authorization: backend.auth } }, (res) =>
      res.statusCode === 200 ? resolve(res) : reject(new Error(`download: ${res.statusCode}`)),
    )
      .on('error', reject)
      .end();
  });

const mbps = (r: { s: number; n: number }) => r.n / 1024 / 1024 / r.s;
try {
  await upload();
  // One round each to warm the page cache and the backend.
  await timed(async () => createReadStream(diskFile));
  await timed(download);
  const disk: number[] = [];
  const http: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const d = await timed(async () => createReadStream(diskFile));
    const h = await timed(download);
    if (d.n !== size || h.n !== size) throw new Error(`short read: disk ${d.n}, backend ${h.n}, expected ${size}`);
    disk.push(mbps(d));
    http.push(mbps(h));
    console.log(`round ${i + 1}: disk ${mbps(d).toFixed(0)} MB/s, backend ${mbps(h).toFixed(0)} MB/s`);
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const d = median(disk);
  const h = median(http);
  console.log(
    `\n${values.mb} MB blob, median of ${rounds}: disk ${d.toFixed(0)} MB/s, backend ${h.toFixed(0)} MB/s, ` +
      `ratio ${(h / d).toFixed(2)} (goal ≥ 0.70; storage ${process.env.TESSERA_DB || 'sqlite, blobs as files'}, ` +
      `${os.cpus().length} cores, node ${process.version})`,
  );
} finally {
  await backend.child.stop();
  rmSync(dir, { recursive: true, force: true });
}
