// Content created and edited with multipart/form-data: files stream into the
// blob store before the transaction; limits per type; bad bodies are 4xx and
// leave nothing behind.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { ADMIN_PASSWORD, startSite, type TestSite } from './harness.js';

const AUTH = `Basic ${Buffer.from(`admin:${ADMIN_PASSWORD}`).toString('base64')}`;
// 1x1 transparent PNG.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

let s: TestSite;
before(async () => {
  s = await startSite({ uploadLimits: 'Image=1KiB,*=1MiB' });
});
after(() => s.close());

/** A multipart body from [name, value] or [name, bytes, filename, type] entries, as a browser would send it. */
async function form(parts: Array<[string, string] | [string, Buffer, string, string]>) {
  const fd = new FormData();
  for (const p of parts) {
    if (p.length === 2) fd.append(p[0], p[1]);
    else fd.append(p[0], new Blob([new Uint8Array(p[1])], { type: p[3] }), p[2]);
  }
  const res = new Response(fd);
  return { payload: Buffer.from(await res.arrayBuffer()), type: String(res.headers.get('content-type')) };
}

async function send(method: 'POST' | 'PATCH' | 'PUT', url: string, body: { payload: Buffer; type: string }) {
  const r = await s.app.inject({
    method,
    url,
    headers: { authorization: AUTH, accept: 'application/json', 'content-type': body.type },
    payload: body.payload,
  });
  return { status: r.statusCode, json: r.body ? JSON.parse(r.body) : undefined, body: r.body };
}

function leftovers() {
  const tmp = join(s.config.data, 'blobs', 'tmp');
  return existsSync(tmp) ? readdirSync(tmp) : [];
}

test('a File created from a form: fields, then the file, streamed to the blob store', async () => {
  const bytes = randomBytes(300 * 1024);
  const r = await send(
    'POST',
    '/',
    await form([
      ['@type', 'File'],
      ['id', 'upload'],
      ['title', 'An upload'],
      ['@json', JSON.stringify({ subjects: ['a', 'b'], exclude_from_nav: true })],
      ['file', bytes, 'report.bin', 'application/octet-stream'],
    ]),
  );
  assert.equal(r.status, 201, r.body);
  assert.equal(r.json.title, 'An upload');
  assert.deepEqual(r.json.subjects, ['a', 'b']);
  assert.equal(r.json.exclude_from_nav, true);
  assert.equal(r.json.file.size, bytes.length);
  assert.equal(r.json.file.filename, 'report.bin');
  const dl = await s.app.inject({
    method: 'GET',
    url: '/upload/@@download/file',
    headers: { authorization: AUTH },
  });
  assert.ok(dl.rawPayload.equals(bytes));
  // The search sees it at once.
  const found = await s.call('GET', '/@search?getId=upload');
  assert.equal(found.json.items_total, 1);
});

test('an Image from a form gets its pixel size; PATCH replaces the file', async () => {
  const r = await send(
    'POST',
    '/',
    await form([
      ['@type', 'Image'],
      ['title', 'Dot'],
      ['image', PNG, 'dot.png', 'image/png'],
    ]),
  );
  assert.equal(r.status, 201, r.body);
  assert.equal(r.json.image.width, 1);
  assert.equal(r.json.image['content-type'], 'image/png');
  const other = Buffer.concat([PNG, Buffer.from('trailing')]);
  const p = await send('PATCH', '/dot', await form([['image', other, 'dot2.png', 'image/png']]));
  assert.equal(p.status, 204, p.body);
  const after = await s.call('GET', '/dot');
  assert.equal(after.json.image.filename, 'dot2.png');
  assert.equal(after.json.image.size, other.length);
  assert.equal(after.json.title, 'Dot', 'PATCH keeps the other fields');
});

test('over the type limit: 413, no object, nothing left in the blob store', async () => {
  const before = await s.call('GET', '/@search?portal_type=Image');
  const r = await send(
    'POST',
    '/',
    await form([
      ['@type', 'Image'],
      ['id', 'big'],
      ['title', 'Big'],
      ['image', randomBytes(4096), 'big.png', 'image/png'],
    ]),
  );
  assert.equal(r.status, 413, r.body);
  assert.equal(r.json.error.type, 'RequestEntityTooLarge');
  assert.equal((await s.call('GET', '/big')).status, 404);
  assert.equal((await s.call('GET', '/@search?portal_type=Image')).json.items_total, before.json.items_total);
  assert.deepEqual(leftovers(), []);
  // Files take up to 1 MiB.
  const big = await send(
    'POST',
    '/',
    await form([
      ['@type', 'File'],
      ['title', 'Too big'],
      ['file', randomBytes(1024 * 1024 + 1), 'x.bin', 'application/octet-stream'],
    ]),
  );
  assert.equal(big.status, 413);
  assert.deepEqual(leftovers(), []);
});

test('bad forms are 4xx and the server keeps serving', async () => {
  const fileFirst = await send(
    'POST',
    '/',
    await form([
      ['file', Buffer.from('x'), 'x.txt', 'text/plain'],
      ['@type', 'File'],
    ]),
  );
  assert.equal(fileFirst.status, 400);
  assert.match(fileFirst.json.error.message, /@type/);
  const notAFileField = await send(
    'POST',
    '/',
    await form([
      ['@type', 'File'],
      ['title', Buffer.from('x'), 'x.txt', 'text/plain'],
    ]),
  );
  assert.equal(notAFileField.status, 400);
  const badJson = await send('POST', '/', await form([['@json', '{nope']]));
  assert.equal(badJson.status, 400);
  const missingRequired = await send('POST', '/', await form([['@type', 'File']]));
  assert.equal(missingRequired.status, 400);
  const garbage = await send('POST', '/', {
    payload: Buffer.from('--xyz\r\nContent-Disposition: form-data; name="a"\r\n\r\nunterminated'),
    type: 'multipart/form-data; boundary=xyz',
  });
  assert.ok(garbage.status === 400, `malformed body: ${garbage.status} ${garbage.body}`);
  const noBoundary = await send('POST', '/', { payload: Buffer.from('x'), type: 'multipart/form-data' });
  assert.equal(noBoundary.status, 400);
  // A TUS chunk type where none is expected.
  const wrongType = await send('POST', '/', {
    payload: Buffer.from('x'),
    type: 'application/offset+octet-stream',
  });
  assert.equal(wrongType.status, 415);
  assert.equal((await s.call('GET', '/')).status, 200);
  assert.deepEqual(leftovers(), []);
});

test('anonymous users cannot upload (checked before the body is read)', async () => {
  const body = await form([
    ['@type', 'File'],
    ['title', 'Anon'],
    ['file', randomBytes(1000), 'a.bin', 'application/octet-stream'],
  ]);
  const r = await s.app.inject({
    method: 'POST',
    url: '/',
    headers: { accept: 'application/json', 'content-type': body.type },
    payload: body.payload,
  });
  assert.equal(r.statusCode, 401);
  assert.deepEqual(leftovers(), []);
});
