// @@download and @@display-file: validators, conditional GETs, byte ranges,
// HEAD, safe file names, X-Accel-Redirect.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { ADMIN_PASSWORD, startSite, type TestSite } from './harness.js';

let s: TestSite;
const bytes = randomBytes(600 * 1024 + 3);
before(async () => {
  s = await startSite();
  const r = await s.call('POST', '/', {
    '@type': 'File',
    id: 'report',
    title: 'Report',
    file: {
      data: bytes.toString('base64'),
      encoding: 'base64',
      filename: '../../etc/pass\nwd.pdf',
      'content-type': 'application/pdf',
    },
  });
  assert.equal(r.status, 201, r.body);
});
after(() => s.close());

const get = (url: string, headers: Record<string, string> = {}, method: 'GET' | 'HEAD' = 'GET') =>
  s.app.inject({
    method,
    url,
    headers: {
      authorization: `Basic ${Buffer.from(`admin:${ADMIN_PASSWORD}`).toString('base64')}`,
      ...headers,
    },
  });

test('an uploaded file name keeps no path and no control characters', async () => {
  const r = await s.call('GET', '/report');
  assert.equal(r.json.file.filename, 'passwd.pdf');
  const dl = await get('/report/@@download/file');
  assert.equal(
    dl.headers['content-disposition'],
    `attachment; filename="passwd.pdf"; filename*=UTF-8''passwd.pdf`,
  );
});

test('validators: ETag and Last-Modified, then 304 for If-None-Match and If-Modified-Since', async () => {
  const dl = await get('/report/@@download/file');
  assert.equal(dl.statusCode, 200);
  assert.ok(dl.rawPayload.equals(bytes));
  assert.equal(dl.headers['accept-ranges'], 'bytes');
  const etag = String(dl.headers.etag);
  const lastModified = String(dl.headers['last-modified']);
  assert.match(etag, /^"[\w-]+"$/);
  assert.ok(Date.parse(lastModified) > 0);
  const again = await get('/report/@@download/file', { 'if-none-match': etag });
  assert.equal(again.statusCode, 304);
  assert.equal(again.rawPayload.length, 0);
  assert.equal((await get('/report/@@download/file', { 'if-modified-since': lastModified })).statusCode, 304);
  const stale = await get('/report/@@download/file', {
    'if-none-match': '"other"',
    'if-modified-since': lastModified,
  });
  assert.equal(stale.statusCode, 200, 'If-None-Match wins over If-Modified-Since');
  // Inline and attachment are different representations.
  const inline = await get('/report/@@display-file/file');
  assert.match(String(inline.headers['content-disposition']), /^inline;/);
  assert.notEqual(inline.headers.etag, etag);
});

test('single byte ranges: 206 with Content-Range; suffix and open ranges; 416 beyond the end', async () => {
  const cases: Array<[string, number, number]> = [
    ['bytes=0-99', 0, 99],
    ['bytes=262140-262150', 262_140, 262_150],
    ['bytes=600000-', 600_000, bytes.length - 1],
    ['bytes=-10', bytes.length - 10, bytes.length - 1],
    ['bytes=10-99999999', 10, bytes.length - 1],
  ];
  for (const [range, start, end] of cases) {
    const r = await get('/report/@@download/file', { range });
    assert.equal(r.statusCode, 206, range);
    assert.equal(r.headers['content-range'], `bytes ${start}-${end}/${bytes.length}`);
    assert.equal(r.headers['content-length'], String(end - start + 1));
    assert.ok(r.rawPayload.equals(bytes.subarray(start, end + 1)), range);
  }
  const beyond = await get('/report/@@download/file', { range: `bytes=${bytes.length}-` });
  assert.equal(beyond.statusCode, 416);
  assert.equal(beyond.headers['content-range'], `bytes */${bytes.length}`);
  assert.equal(JSON.parse(beyond.body).error.type, 'RangeNotSatisfiable');
  // Several ranges, or nonsense, are ignored: the whole file.
  for (const range of ['bytes=0-1,5-6', 'items=0-1', 'bytes=9-2']) {
    const r = await get('/report/@@download/file', { range });
    assert.equal(r.statusCode, 200, range);
    assert.equal(r.rawPayload.length, bytes.length);
  }
  // If-Range with an old validator: the whole (new) file.
  const etag = String((await get('/report/@@download/file')).headers.etag);
  assert.equal(
    (await get('/report/@@download/file', { range: 'bytes=0-9', 'if-range': etag })).statusCode,
    206,
  );
  assert.equal(
    (await get('/report/@@download/file', { range: 'bytes=0-9', 'if-range': '"old"' })).statusCode,
    200,
  );
  // The server keeps serving.
  assert.equal((await s.call('GET', '/report')).status, 200);
});

test('HEAD gives the headers without the bytes', async () => {
  const r = await get('/report/@@download/file', {}, 'HEAD');
  assert.equal(r.statusCode, 200);
  assert.equal(r.headers['content-length'], String(bytes.length));
  assert.equal(r.rawPayload.length, 0);
});

test('anonymous users cannot download a file in a private folder', async () => {
  assert.equal(
    (await s.call('POST', '/', { '@type': 'Folder', id: 'private', title: 'Private' })).status,
    201,
  );
  const r = await s.call('POST', '/private', {
    '@type': 'File',
    id: 'secret',
    title: 'Secret',
    file: { data: bytes.toString('base64'), encoding: 'base64', filename: 's.bin' },
  });
  assert.equal(r.status, 201);
  assert.equal((await get('/private/secret/@@download/file')).statusCode, 200);
  const anon = await s.app.inject({ method: 'GET', url: '/private/secret/@@download/file' });
  assert.equal(anon.statusCode, 401);
  const ranged = await s.app.inject({
    method: 'GET',
    url: '/private/secret/@@download/file',
    headers: { range: 'bytes=0-1' },
  });
  assert.equal(ranged.statusCode, 401);
  assert.equal(ranged.rawPayload.includes(bytes.subarray(0, 2)), false);
});

test('X-Accel-Redirect hands the file to nginx when configured', async () => {
  const x = await startSite({ xAccelRedirect: '/_blobs/' });
  try {
    const r = await x.call('POST', '/', {
      '@type': 'File',
      id: 'f',
      title: 'F',
      file: { data: bytes.toString('base64'), encoding: 'base64', filename: 'f.bin' },
    });
    assert.equal(r.status, 201);
    const dl = await x.app.inject({
      method: 'GET',
      url: '/f/@@download/file',
      headers: { authorization: `Basic ${Buffer.from(`admin:${ADMIN_PASSWORD}`).toString('base64')}` },
    });
    assert.equal(dl.statusCode, 200);
    const target = String(dl.headers['x-accel-redirect']);
    if (x.config.db === '') {
      // On the embedded default blobs are files under <data>/blobs: nginx maps the prefix to that directory.
      assert.match(target, /^\/_blobs\/[0-9a-f]{2}\/[0-9a-f]{2}\/[0-9a-f]{64}$/);
      assert.ok(existsSync(join(x.config.data, 'blobs', target.slice('/_blobs/'.length))));
      assert.equal(dl.rawPayload.length, 0);
      assert.match(String(dl.headers['content-disposition']), /^attachment/);
    } else {
      // Blobs in the database: nothing nginx could read, so the backend streams.
      assert.equal(dl.headers['x-accel-redirect'], undefined);
      assert.ok(dl.rawPayload.equals(bytes));
    }
  } finally {
    await x.close();
  }
});

test('a file claiming a false or dangerous type is served so that it cannot run', async () => {
  const html = Buffer.from('<html><script>document.cookie</script></html>');
  for (const [id, type, inline] of [
    ['fake-pdf', 'application/pdf', true], // HTML bytes claiming PDF: inline, but never sniffed as HTML
    ['page', 'text/html', false],
    ['svg', 'image/svg+xml', false],
  ] as const) {
    const r = await s.call('POST', '/', {
      '@type': 'File',
      id,
      title: id,
      file: { data: html.toString('base64'), encoding: 'base64', filename: `${id}.x`, 'content-type': type },
    });
    assert.equal(r.status, 201, r.body);
    const dl = await get(`/${id}/@@display-file/file`);
    assert.equal(dl.statusCode, 200);
    assert.equal(dl.headers['content-type'], type);
    assert.equal(dl.headers['x-content-type-options'], 'nosniff');
    assert.match(String(dl.headers['content-security-policy']), /sandbox/);
    assert.match(String(dl.headers['content-disposition']), inline ? /^inline;/ : /^attachment;/);
  }
});
