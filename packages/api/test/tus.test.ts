// Resumable uploads: @tus-upload and @tus-replace (TUS 1.0.0, creation +
// expiration), as plone.restapi offers them.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, utimesSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { after, before, test } from 'node:test';
import { parseConfig } from '@tessera/core';
import { openStorage } from '@tessera/storage';
import { createTestDatabase } from '@tessera/storage/test-databases';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { buildApp } from '../src/app.js';
import { initSite } from '../src/bootstrap.js';
import { uploadStore } from '../src/services/tus/index.js';
import { ADMIN_PASSWORD, BASIC, startSite, type TestSite } from './harness.js';
import { addUser } from './users.js';

let s: TestSite;
let alice: string;
let bob: string;
let carol: string;
before(async () => {
  s = await startSite();
  alice = await addUser(s, 'alice', ['Member', 'Contributor']);
  bob = await addUser(s, 'bob', ['Member', 'Contributor']);
  carol = await addUser(s, 'carol', ['Member']);
  assert.equal((await s.call('POST', '/', { '@type': 'Folder', id: 'folder', title: 'Folder' })).status, 201);
  assert.equal((await s.call('POST', '/', { '@type': 'Document', id: 'doc', title: 'Doc' })).status, 201);
});
after(() => s.close());

const TUS = { 'tus-resumable': '1.0.0' };
const CHUNK = 'application/offset+octet-stream';
// 1x1 transparent PNG.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

function metadata(fields: Record<string, string>) {
  return Object.entries(fields)
    .map(([k, v]) => `${k} ${Buffer.from(v).toString('base64')}`)
    .join(',');
}

/** POST …/@tus-upload (or @tus-replace); returns the upload's path. */
async function begin(
  path: string,
  length: number,
  fields: Record<string, string>,
  auth?: string,
  t: TestSite = s,
  service = '@tus-upload',
) {
  const headers = { ...TUS, 'upload-length': String(length), 'upload-metadata': metadata(fields) };
  const r = await t.call('POST', `${path}/${service}`, undefined, headers, auth);
  assert.equal(r.status, 201, r.body);
  return new URL(String(r.headers.location)).pathname;
}

function patch(url: string, offset: number, bytes: Buffer | string, auth?: string | null, t: TestSite = s) {
  const headers = { ...TUS, 'content-type': CHUNK, 'upload-offset': String(offset) };
  return t.call('PATCH', url, Buffer.from(bytes), headers, auth);
}

function head(url: string, auth?: string | null, t: TestSite = s) {
  return t.call('HEAD', url, undefined, TUS, auth);
}

function tusFiles(t: TestSite = s) {
  try {
    return readdirSync(join(t.config.data, 'tus'));
  } catch {
    return [];
  }
}

async function download(path: string, t: TestSite = s) {
  return (await t.app.inject({ method: 'GET', url: path, headers: { authorization: basicAdmin() } }))
    .rawPayload;
}
let address: string | undefined;
/** The test site on a real socket (for streamed bodies), started once. */
async function listening() {
  address ??= await s.app.listen({ port: 0, host: '127.0.0.1' });
  return address;
}

function basicAdmin() {
  return BASIC;
}

test('OPTIONS tells the version, the extensions and the largest upload', async () => {
  const r = await s.call('OPTIONS', '/folder/@tus-upload');
  assert.equal(r.status, 204);
  assert.equal(r.headers['tus-resumable'], '1.0.0');
  assert.equal(r.headers['tus-version'], '1.0.0');
  assert.equal(r.headers['tus-extension'], 'creation,expiration');
  assert.match(String(r.headers['tus-max-size']), /^\d+$/);
});

test('a file uploaded in several chunks becomes a File named after it', async () => {
  const bytes = randomBytes(100_000);
  const r = await s.call('POST', '/folder/@tus-upload', undefined, {
    ...TUS,
    'upload-length': String(bytes.length),
    'upload-metadata': metadata({ filename: 'report.pdf', 'content-type': 'application/pdf' }),
  });
  assert.equal(r.status, 201, r.body);
  assert.match(String(r.headers.location), /^http:\/\/localhost:80\/folder\/@tus-upload\/[0-9a-f]{32}$/);
  assert.equal(r.headers['tus-resumable'], '1.0.0');
  assert.ok(Date.parse(String(r.headers['upload-expires'])) > Date.now());
  const url = new URL(String(r.headers.location)).pathname;

  let h = await head(url);
  assert.equal(h.status, 200);
  assert.equal(h.headers['upload-offset'], '0');
  assert.equal(h.headers['upload-length'], String(bytes.length));
  assert.equal(h.headers['cache-control'], 'no-store');

  for (const [from, to] of [
    [0, 30_000],
    [30_000, 70_000],
  ]) {
    const p = await patch(url, from, bytes.subarray(from, to));
    assert.equal(p.status, 204, p.body);
    assert.equal(p.headers['upload-offset'], String(to));
    assert.equal(p.headers.location, undefined);
    assert.ok(p.headers['upload-expires']);
  }
  h = await head(url);
  assert.equal(h.headers['upload-offset'], '70000');

  const last = await patch(url, 70_000, bytes.subarray(70_000));
  assert.equal(last.status, 204, last.body);
  assert.equal(last.headers['upload-offset'], String(bytes.length));
  assert.equal(last.headers.location, 'http://localhost:80/folder/report.pdf');

  const file = await s.call('GET', '/folder/report.pdf');
  assert.equal(file.json['@type'], 'File');
  assert.equal(file.json.file.filename, 'report.pdf');
  assert.equal(file.json.file['content-type'], 'application/pdf');
  assert.equal(file.json.file.size, bytes.length);
  assert.ok((await download('/folder/report.pdf/@@download/file')).equals(bytes));
  assert.deepEqual(tusFiles(), [], 'nothing is left in the tus directory');
  // The finished upload is gone.
  assert.equal((await head(url)).status, 404);

  // A second file of the same name gets a free id.
  const again = await begin('/folder', 3, { filename: 'report.pdf' });
  assert.equal((await patch(again, 0, 'abc')).headers.location, 'http://localhost:80/folder/report.pdf-1');
});

test('an image becomes an Image with its pixel size; @type chooses otherwise', async () => {
  const url = await begin('/folder', PNG.length, { filename: 'pixel.png', 'content-type': 'image/png' });
  const r = await patch(url, 0, PNG);
  assert.equal(r.status, 204, r.body);
  const img = await s.call('GET', new URL(String(r.headers.location)).pathname);
  assert.equal(img.json['@type'], 'Image');
  assert.equal(img.json.image.width, 1);
  assert.equal(img.json.image.height, 1);
  assert.equal(img.json.image.filename, 'pixel.png');

  // No content-type: the extension says image.
  const byName = await begin('/folder', PNG.length, { filename: 'other.png' });
  const r2 = await patch(byName, 0, PNG);
  assert.equal((await s.call('GET', new URL(String(r2.headers.location)).pathname)).json['@type'], 'Image');

  const asFile = await begin('/folder', PNG.length, {
    filename: 'kept.png',
    'content-type': 'image/png',
    '@type': 'File',
  });
  const r3 = await patch(asFile, 0, PNG);
  const file = await s.call('GET', new URL(String(r3.headers.location)).pathname);
  assert.equal(file.json['@type'], 'File');
  assert.equal(file.json.file['content-type'], 'image/png');
  assert.deepEqual(tusFiles(), []);
});

test('@tus-replace replaces the file of an existing item', async () => {
  const created = await s.call('POST', '/folder', {
    '@type': 'File',
    id: 'myfile',
    title: 'My file',
    file: { data: 'initial', encoding: 'utf8', filename: 'initial.txt', 'content-type': 'text/plain' },
  });
  assert.equal(created.status, 201);
  const r = await s.call('POST', '/folder/myfile/@tus-replace', undefined, {
    ...TUS,
    'upload-length': '8',
    'upload-metadata': metadata({ filename: 'test.txt', 'content-type': 'text/plain' }),
  });
  assert.equal(r.status, 201);
  // The upload URL is under @tus-upload, as plone.restapi answers.
  assert.match(String(r.headers.location), /\/folder\/myfile\/@tus-upload\/[0-9a-f]{32}$/);
  const url = new URL(String(r.headers.location)).pathname;
  assert.equal((await patch(url, 0, 'abcd')).status, 204);
  const done = await patch(url, 4, 'efgh');
  assert.equal(done.status, 204);
  assert.equal(done.headers.location, 'http://localhost:80/folder/myfile');
  assert.equal(done.headers['upload-offset'], '8');

  const file = await s.call('GET', '/folder/myfile');
  assert.equal(file.json.title, 'My file');
  assert.equal(file.json.file.filename, 'test.txt');
  assert.equal(file.json.file.size, 8);
  assert.equal((await download('/folder/myfile/@@download/file')).toString(), 'abcdefgh');
  assert.deepEqual(tusFiles(), []);

  // Replacing needs a file field; the upload may not change the type.
  const doc = await s.call('POST', '/doc/@tus-replace', undefined, { ...TUS, 'upload-length': '3' });
  assert.equal(doc.status, 400);
  const retype = await s.call('POST', '/folder/myfile/@tus-replace', undefined, {
    ...TUS,
    'upload-length': '3',
    'upload-metadata': metadata({ '@type': 'Image' }),
  });
  assert.equal(retype.status, 400);
});

test('an upload survives a restart: HEAD gives the offset, PATCH finishes it', async () => {
  // A site of its own whose process can really stop: app and storage closed, then started again.
  const dir = mkdtempSync(join(tmpdir(), 'tessera-tus-'));
  const database = await createTestDatabase();
  const config = parseConfig({
    data: dir,
    db: database?.url ?? '',
    adminPassword: ADMIN_PASSWORD,
    logLevel: 'silent',
  });
  let running: { app: FastifyInstance; stop: () => Promise<void> } | undefined;
  const boot = async (create: boolean) => {
    const storage = openStorage({ db: config.db, dataDir: config.data, blobDir: config.blobDir });
    if (create) {
      await storage.migrate();
      await initSite({ storage, config });
    }
    const { app } = await buildApp({ config, storage, logger: pino({ level: 'silent' }) });
    await app.ready();
    running = {
      app,
      stop: async () => {
        running = undefined;
        await app.close();
        await storage.close();
      },
    };
    return app;
  };
  const send = (app: FastifyInstance, method: string, url: string, headers: object, payload?: unknown) =>
    app.inject({
      method: method as 'GET',
      url,
      headers: { accept: 'application/json', authorization: BASIC, ...headers },
      payload: payload as string,
    });
  try {
    let app = await boot(true);
    const folder = await send(
      app,
      'POST',
      '/',
      { 'content-type': 'application/json' },
      '{"@type":"Folder","id":"f","title":"F"}',
    );
    assert.equal(folder.statusCode, 201);
    const bytes = randomBytes(64 * 1024);
    const created = await send(app, 'POST', '/f/@tus-upload', {
      ...TUS,
      'upload-length': String(bytes.length),
      'upload-metadata': metadata({ filename: 'resumed.bin' }),
    });
    const url = new URL(String(created.headers.location)).pathname;
    const first = { ...TUS, 'content-type': CHUNK, 'upload-offset': '0' };
    assert.equal((await send(app, 'PATCH', url, first, bytes.subarray(0, 20_000))).statusCode, 204);
    await running!.stop();

    // A new process: nothing of the upload was in the old one's memory.
    app = await boot(false);
    const h = await send(app, 'HEAD', url, TUS);
    assert.equal(h.statusCode, 200);
    assert.equal(h.headers['upload-offset'], '20000');
    const rest = { ...TUS, 'content-type': CHUNK, 'upload-offset': '20000' };
    const r = await send(app, 'PATCH', url, rest, bytes.subarray(20_000));
    assert.equal(r.statusCode, 204, r.body);
    assert.equal(r.headers.location, 'http://localhost:80/f/resumed.bin');
    assert.ok((await send(app, 'GET', '/f/resumed.bin/@@download/file', {})).rawPayload.equals(bytes));
    assert.deepEqual(readdirSync(join(dir, 'tus')), []);
  } finally {
    await running?.stop();
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('protocol errors: version, lengths, metadata, offsets, media types', async () => {
  const post = (headers: Record<string, string>, path = '/folder/@tus-upload') =>
    s.call('POST', path, undefined, headers);
  let r = await post({ 'upload-length': '3' });
  assert.equal(r.status, 412);
  assert.equal(r.headers['tus-version'], '1.0.0');
  assert.equal(r.json.error.type, 'PreconditionFailed');
  assert.equal((await post({ 'tus-resumable': '0.2.2', 'upload-length': '3' })).status, 412);
  r = await post(TUS);
  assert.equal(r.status, 400);
  assert.match(r.json.error.message, /Upload-Length/);
  assert.equal((await post({ ...TUS, 'upload-length': '-1' })).status, 400);
  assert.equal((await post({ ...TUS, 'upload-length': '3x' })).status, 400);
  r = await post({ ...TUS, 'upload-length': String(11 * 1024 ** 3) });
  assert.equal(r.status, 413);
  assert.ok(r.headers['tus-max-size']);
  for (const bad of ['filename not*base64', 'filename a b c', 'a YQ==,a YQ==', 'filename /w==', ',']) {
    r = await post({ ...TUS, 'upload-length': '3', 'upload-metadata': bad });
    assert.equal(r.status, 400, bad);
    assert.equal(r.json.error.type, 'BadRequest');
  }
  // A key without a value is allowed.
  assert.equal(
    (await post({ ...TUS, 'upload-length': '3', 'upload-metadata': 'is_confidential' })).status,
    201,
  );
  const badType = { ...TUS, 'upload-length': '3' };
  assert.equal(
    (await post({ ...badType, 'upload-metadata': metadata({ 'content-type': 'not a type' }) })).status,
    400,
  );
  assert.equal(
    (await post({ ...badType, 'upload-metadata': metadata({ '@type': 'Document' }) })).status,
    400,
  );
  assert.equal((await post({ ...badType, 'upload-metadata': metadata({ '@type': 'Nope' }) })).status, 400);
  assert.equal((await post({ ...badType, 'upload-metadata': metadata({ fieldname: 'title' }) })).status, 400);
  // Only folders take new uploads; the POST takes no id.
  assert.equal(
    (await s.call('POST', '/', { '@type': 'Link', id: 'lnk', title: 'L', remoteUrl: 'https://example.org' }))
      .status,
    201,
  );
  assert.equal((await post(badType, '/lnk/@tus-upload')).status, 400);
  assert.equal((await post(badType, '/folder/@tus-upload/0123456789abcdef0123456789abcdef')).status, 404);

  const url = await begin('/folder', 8, { filename: 'errors.txt' });
  r = await s.call('PATCH', url, Buffer.from('abc'), { 'content-type': CHUNK, 'upload-offset': '0' });
  assert.equal(r.status, 412);
  r = await patch(url, 2, 'abc');
  assert.equal(r.status, 409);
  assert.equal(r.json.error.type, 'Conflict');
  assert.equal(r.headers['upload-offset'], '0');
  assert.equal((await patch(url, 100, 'abc')).status, 409, 'an offset past the end is a conflict too');
  r = await s.call('PATCH', url, Buffer.from('abc'), { ...TUS, 'content-type': CHUNK });
  assert.equal(r.status, 400);
  r = await s.call('PATCH', url, { a: 1 }, { ...TUS, 'upload-offset': '0' });
  assert.equal(r.status, 415);
  assert.equal(r.json.error.type, 'UnsupportedMediaType');
  r = await s.call('PATCH', url, 'abc', { ...TUS, 'content-type': 'text/plain', 'upload-offset': '0' });
  assert.equal(r.status, 415);
  // A chunk past Upload-Length: refused, nothing written.
  r = await patch(url, 0, 'abcdefghi');
  assert.equal(r.status, 413);
  assert.equal((await head(url)).headers['upload-offset'], '0');
  // The same without a Content-Length (streamed): the bytes are taken back.
  const streamed = await s.app.inject({
    method: 'PATCH',
    url,
    headers: { ...TUS, 'content-type': CHUNK, 'upload-offset': '0', authorization: basicAdmin() },
    payload: Readable.from([Buffer.from('abcde'), Buffer.from('fghij')]),
  });
  assert.equal(streamed.statusCode, 413);
  assert.equal((await head(url)).headers['upload-offset'], '0');
  assert.equal((await patch(url, 0, 'abc')).status, 204);

  // Unknown, malformed, or another object's URL: 404.
  for (const u of [
    '/folder/@tus-upload/0123456789abcdef0123456789abcdef',
    '/folder/@tus-upload/..%2F..%2Fetc',
    '/folder/@tus-upload',
    url.replace('/folder/', '/doc/'),
  ]) {
    r = await patch(u, 3, 'def');
    assert.equal(r.status, 404, u);
    assert.equal(r.json.error.type, 'NotFound');
    assert.equal((await head(u)).status, 404);
  }
});

test('an upload that cannot become content stays, to be finished again', async () => {
  const url = await begin('/folder', 4, {
    filename: 'fake.txt',
    'content-type': 'text/plain',
    '@type': 'Image',
  });
  const r = await patch(url, 0, 'text');
  assert.equal(r.status, 400, r.body);
  assert.equal((await head(url)).headers['upload-offset'], '4');
  assert.equal((await patch(url, 4, '')).status, 400);
  await uploadStore(s.site).remove(url.split('/').pop()!);
});

test('expired uploads are gone', async () => {
  const url = await begin('/folder', 8, { filename: 'old.txt' });
  const id = url.split('/').pop()!;
  const old = new Date(Date.now() - 3 * 24 * 3600 * 1000);
  utimesSync(join(s.config.data, 'tus', `${id}.bin`), old, old);
  assert.equal((await head(url)).status, 404);
  assert.ok(!tusFiles().some((n) => n.startsWith(id)));

  const url2 = await begin('/folder', 8, { filename: 'old2.txt' });
  const id2 = url2.split('/').pop()!;
  for (const n of tusFiles().filter((n) => n.startsWith(id2)))
    utimesSync(join(s.config.data, 'tus', n), old, old);
  await uploadStore(s.site).sweep();
  assert.ok(!tusFiles().some((n) => n.startsWith(id2)), 'the sweep removes it');
});

test('permissions: Add portal content to upload, Modify portal content to replace, only the starter continues', async () => {
  const headers = { ...TUS, 'upload-length': '3' };
  let r = await s.call('POST', '/folder/@tus-upload', undefined, headers, null);
  assert.equal(r.status, 401);
  r = await s.call('POST', '/folder/@tus-upload', undefined, headers, carol);
  assert.equal(r.status, 403);

  const url = await begin('/folder', 6, { filename: 'alice.txt' }, alice);
  assert.equal((await patch(url, 0, 'abc', alice)).status, 204);
  // Someone else, even allowed to add here, does not find it.
  assert.equal((await patch(url, 3, 'def', bob)).status, 404);
  assert.equal((await head(url, bob)).status, 404);
  assert.equal((await head(url, basicAdmin())).status, 404);
  assert.equal((await patch(url, 3, 'def', null)).status, 401);
  const done = await patch(url, 3, 'def', alice);
  assert.equal(done.status, 204);
  assert.equal(done.headers.location, 'http://localhost:80/folder/alice.txt');

  // Alice owns what she uploaded and may replace it; not the admin's file.
  assert.equal((await s.call('POST', '/folder/myfile/@tus-replace', undefined, headers, alice)).status, 403);
  const rep = await begin('/folder/alice.txt', 3, { filename: 'v2.txt' }, alice, s, '@tus-replace');
  const r2 = await patch(rep, 0, 'xyz', alice);
  assert.equal(r2.status, 204);
  assert.equal((await download('/folder/alice.txt/@@download/file')).toString(), 'xyz');
});

test('a 200 MB upload streams to disk in chunks: memory stays flat, the blob is right', async (t) => {
  const address = await listening();
  const total = 200 * 1024 * 1024;
  const chunk = 50 * 1024 * 1024;
  const url = await begin('/folder', total, { filename: 'big.bin' });
  // The bytes are made on the fly, never held whole: views into one random
  // block of a prime size, so no two chunks line up the same way (a misplaced
  // chunk changes the hash) and the sender allocates next to nothing.
  const block = randomBytes(999_983);
  let hasher = createHash('sha256');
  function* bytesAt(offset: number, count: number) {
    for (let at = offset; at < offset + count; ) {
      const from = at % block.length;
      const piece = block.subarray(from, Math.min(block.length, from + (offset + count - at)));
      hasher.update(piece);
      at += piece.length;
      yield piece;
    }
  }
  const send = (to: string, offset: number, size: number) =>
    new Promise<{ status: number; headers: Record<string, unknown> }>((resolve, reject) => {
      const req = request(`${address}${to}`, {
        method: 'PATCH',
        headers: {
          ...TUS,
          'content-type': CHUNK,
          'upload-offset': String(offset),
          'content-length': String(size),
          authorization: basicAdmin(),
        },
      });
      req.on('response', (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
      });
      req.on('error', reject);
      Readable.from(bytesAt(offset, size)).pipe(req);
    });

  // A small upload first, so that what any first request costs (code
  // compiled, heap spaces grown) is not counted against the large one.
  const warmUp = await begin('/folder', 8 * 1024 * 1024, { filename: 'warm-up.bin' });
  assert.equal((await send(warmUp, 0, 4 * 1024 * 1024)).status, 204);
  assert.equal((await send(warmUp, 4 * 1024 * 1024, 4 * 1024 * 1024)).status, 204);
  hasher = createHash('sha256');

  const rssBefore = process.memoryUsage().rss;
  let last: { status: number; headers: Record<string, unknown> } | undefined;
  for (let offset = 0; offset < total; offset += chunk) {
    last = await send(url, offset, chunk);
    assert.equal(last.status, 204);
  }
  const growth = process.memoryUsage().rss - rssBefore;
  t.diagnostic(`RSS growth over 200 MB: ${Math.round(growth / 1024 / 1024)} MB`);
  assert.ok(growth < 64 * 1024 * 1024, `RSS grew by ${Math.round(growth / 1024 / 1024)} MB`);
  assert.equal(last!.headers.location, `${address}/folder/big.bin`);

  const stored = await s.storage.read((tx) => tx.byPath('/folder/big.bin'));
  const file = stored!.data.file as { blob: string; size: number };
  assert.equal(file.size, total);
  assert.equal(file.blob, hasher.digest('hex'));
  const id = url.split('/').pop()!;
  assert.ok(!tusFiles().some((n) => n.startsWith(id)), 'the finished upload left nothing behind');
});

test('a second request on an upload being written is refused; an empty upload finishes on an empty PATCH', async () => {
  const address = await listening();
  const url = await begin('/folder', 1024 * 1024, { filename: 'slow.bin' });
  // A client that stalls mid-chunk (and then retries on a timeout).
  const slow = request(`${address}${url}`, {
    method: 'PATCH',
    headers: {
      ...TUS,
      'content-type': CHUNK,
      'upload-offset': '0',
      'content-length': String(1024 * 1024),
      authorization: BASIC,
    },
  });
  const answered = new Promise<number>((resolve, reject) => {
    slow.on('response', (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    slow.on('error', reject);
  });
  slow.write(Buffer.alloc(100_000, 1));
  let offset = '0';
  for (let i = 0; i < 50 && offset === '0'; i++) {
    await new Promise((r) => setTimeout(r, 20));
    offset = String((await head(url)).headers['upload-offset']);
  }
  assert.notEqual(offset, '0', 'the first bytes are on disk while the request goes on');
  const second = await patch(url, Number(offset), 'abc');
  assert.equal(second.status, 409);
  assert.match(second.json.error.message, /Another request/);
  slow.end(Buffer.alloc(1024 * 1024 - 100_000, 2));
  assert.equal(await answered, 204);

  const empty = await begin('/folder', 0, { filename: 'empty.txt', 'content-type': 'text/plain' });
  const r = await patch(empty, 0, '');
  assert.equal(r.status, 204, r.body);
  assert.equal(r.headers.location, 'http://localhost:80/folder/empty.txt');
  assert.equal((await s.call('GET', '/folder/empty.txt')).json.file.size, 0);
});

test('a dropped connection keeps the bytes that arrived; the client resumes from HEAD', async () => {
  const address = await listening();
  const bytes = randomBytes(300_000);
  const url = await begin('/folder', bytes.length, { filename: 'dropped.bin' });
  const req = request(`${address}${url}`, {
    method: 'PATCH',
    headers: {
      ...TUS,
      'content-type': CHUNK,
      'upload-offset': '0',
      'content-length': String(bytes.length),
      authorization: BASIC,
    },
  });
  req.on('error', () => {});
  req.write(bytes.subarray(0, 120_000));
  let offset = 0;
  for (let i = 0; i < 50 && offset < 120_000; i++) {
    await new Promise((r) => setTimeout(r, 20));
    offset = Number((await head(url)).headers['upload-offset']);
  }
  req.destroy();
  await new Promise((r) => setTimeout(r, 100));
  offset = Number((await head(url)).headers['upload-offset']);
  assert.equal(offset, 120_000);
  const r = await patch(url, offset, bytes.subarray(offset));
  assert.equal(r.status, 204, r.body);
  assert.ok((await download('/folder/dropped.bin/@@download/file')).equals(bytes));
});
