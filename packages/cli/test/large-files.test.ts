// A 1 GiB file goes up (multipart) and comes back down through the real
// server process while that process's memory (its RSS, read from /proc)
// stays flat: bytes stream between the socket and the blob store, never held
// whole. TESSERA_TEST_DB picks the database (blobs as files on SQLite, in
// the database on PostgreSQL/MariaDB).
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { createTestDatabase, type TestDatabase } from '@tessera/storage/test-databases';
import { type Running, startServer, stop } from './process.js';

const SIZE = Number(process.env.TESSERA_LARGE_FILE_BYTES ?? 1024 ** 3);
const CHUNK = 1024 * 1024;
const PASSWORD = 'large-file-admin';
const AUTH = `Basic ${Buffer.from(`admin:${PASSWORD}`).toString('base64')}`;

let server: Running;
let database: TestDatabase | undefined;
let port: number;
const data = mkdtempSync(join(tmpdir(), 'tessera-large-'));
before(async () => {
  database = await createTestDatabase();
  server = await startServer([], {
    TESSERA_DATA: data,
    TESSERA_DB: database?.url ?? '',
    TESSERA_ADMIN_PASSWORD: PASSWORD,
    TESSERA_LOG_LEVEL: 'info',
  });
  port = Number(new URL(server.url).port);
});
after(async () => {
  await stop(server);
  await database?.drop();
  rmSync(data, { recursive: true, force: true });
});

/** The server process's resident memory, in bytes. */
function serverRss() {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${server.proc.pid}/status`, 'utf8'));
  return Number(m?.[1]) * 1024;
}

/** Deterministic bytes, one reused buffer per chunk (the client holds no more than the server should). */
function* body(boundary: string, size: number) {
  yield Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="@type"\r\n\r\nFile\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="title"\r\n\r\nHuge ${size}\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="huge.bin"\r\n` +
      'Content-Type: application/octet-stream\r\n\r\n',
  );
  const chunk = Buffer.alloc(CHUNK);
  for (let sent = 0, n = 0; sent < size; sent += CHUNK, n++) {
    chunk.fill(n % 251);
    yield chunk.subarray(0, Math.min(CHUNK, size - sent));
  }
  yield Buffer.from(`\r\n--${boundary}--\r\n`);
}

function expectedHash(size: number) {
  const h = createHash('sha256');
  const chunk = Buffer.alloc(CHUNK);
  for (let sent = 0, n = 0; sent < size; sent += CHUNK, n++) {
    chunk.fill(n % 251);
    h.update(chunk.subarray(0, Math.min(CHUNK, size - sent)));
  }
  return h.digest('hex');
}

/** Highest growth of the server's RSS (MB) over its level before `fn` runs. */
async function peakRssGrowth(fn: () => Promise<unknown>) {
  const base = serverRss();
  let peak = base;
  const timer = setInterval(() => {
    peak = Math.max(peak, serverRss());
  }, 20);
  try {
    await fn();
  } finally {
    clearInterval(timer);
  }
  peak = Math.max(peak, serverRss());
  return (peak - base) / 1024 / 1024;
}

/** POSTs a multipart body with a file of `size` bytes; resolves to the new object's URL. */
function upload(size: number) {
  const boundary = 'tessera-large-file-test';
  return new Promise<string>((resolve, reject) => {
    const req = request(
      {
        port,
        host: '127.0.0.1',
        method: 'POST',
        path: '/',
        headers: {
          authorization: AUTH,
          accept: 'application/json',
          'content-type': `multipart/form-data; boundary=${boundary}`,
        },
      },
      (res) => {
        const parts: Buffer[] = [];
        res.on('data', (c) => parts.push(c));
        res.on('end', () => {
          const text = Buffer.concat(parts).toString();
          if (res.statusCode !== 201) return reject(new Error(`${res.statusCode} ${text}`));
          resolve(JSON.parse(text)['@id']);
        });
      },
    );
    req.on('error', reject);
    const it = body(boundary, size);
    const pump = () => {
      for (;;) {
        const next = it.next();
        if (next.done) return void req.end();
        if (!req.write(next.value)) return void req.once('drain', pump);
      }
    };
    pump();
  });
}

/** GETs a download, hashing it as it arrives. */
function download(path: string) {
  return new Promise<{ size: number; hash: string; length: string | undefined }>((resolve, reject) => {
    const hash = createHash('sha256');
    let size = 0;
    request({ port, host: '127.0.0.1', path, headers: { authorization: AUTH } }, (res) => {
      if (res.statusCode !== 200) reject(new Error(`download: ${res.statusCode}`));
      res.on('data', (c: Buffer) => {
        size += c.length;
        hash.update(c);
      });
      res.on('end', () => resolve({ size, hash: hash.digest('hex'), length: res.headers['content-length'] }));
      res.on('error', reject);
    })
      .on('error', reject)
      .end();
  });
}

test(`uploading and downloading ${SIZE} bytes keeps memory flat`, { timeout: 600_000 }, async () => {
  // A first small upload and download load what any upload needs once
  // (modules, pooled connections, buffers), so that only the growth an
  // upload's size could cause is measured.
  const warm = await upload(8 * CHUNK);
  await download(`${new URL(warm).pathname}/@@download/file`);

  let created = '';
  const up = await peakRssGrowth(async () => {
    created = await upload(SIZE);
  });
  const path = `${new URL(created).pathname}/@@download/file`;
  let got = { size: 0, hash: '', length: undefined as string | undefined };
  const down = await peakRssGrowth(async () => {
    got = await download(path);
  });
  assert.equal(got.length, String(SIZE));
  assert.equal(got.size, SIZE);
  assert.equal(got.hash, expectedHash(SIZE), 'the same bytes come back');
  console.log(`RSS growth: upload ${up.toFixed(1)} MB, download ${down.toFixed(1)} MB`);
  assert.ok(up < 64, `upload grew RSS by ${up.toFixed(1)} MB`);
  assert.ok(down < 64, `download grew RSS by ${down.toFixed(1)} MB`);
});
