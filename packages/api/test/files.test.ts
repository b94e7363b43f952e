import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import { startSite, type TestSite } from './harness.js';

let s: TestSite;
before(async () => {
  s = await startSite();
});
after(() => s.close());

// 1x1 transparent PNG.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

test('a File keeps its bytes in the blob store and streams them back', async () => {
  const bytes = randomBytes(700 * 1024); // several 256 KiB chunks
  const r = await s.call('POST', '/', {
    '@type': 'File',
    title: 'Report',
    file: {
      data: bytes.toString('base64'),
      encoding: 'base64',
      filename: 'rapport é.bin',
      'content-type': 'application/octet-stream',
    },
  });
  assert.equal(r.status, 201, r.body);
  assert.equal(r.json.file.size, bytes.length);
  assert.equal(r.json.file.download, 'http://localhost:80/report/@@download/file');
  assert.equal(r.json.file.filename, 'rapport é.bin');

  // The object's JSON holds a reference, not the bytes.
  const stored = await s.storage.read((tx) => tx.byPath('/report'));
  const file = stored!.data.file as Record<string, unknown>;
  assert.equal(file.data, undefined);
  assert.match(String(file.blob), /^[0-9a-f]{64}$/);

  const dl = await s.app.inject({ method: 'GET', url: '/report/@@download/file' });
  assert.equal(dl.statusCode, 200);
  assert.ok(dl.rawPayload.equals(bytes), 'the same bytes come back');
  assert.match(
    String(dl.headers['content-disposition']),
    /^attachment; filename="rapport _.bin"; filename\*=UTF-8''rapport%20%C3%A9.bin$/,
  );
  assert.equal(dl.headers['x-content-type-options'], 'nosniff');
  assert.equal(dl.headers['content-length'], String(bytes.length));
});

test('identical bytes are stored once (content-addressed)', async () => {
  const data = randomBytes(1000).toString('base64');
  for (const id of ['one', 'two']) {
    const r = await s.call('POST', '/', {
      '@type': 'File',
      id,
      title: id,
      file: { data, encoding: 'base64', filename: `${id}.bin` },
    });
    assert.equal(r.status, 201);
  }
  const [a, b] = await s.storage.read(async (tx) => [await tx.byPath('/one'), await tx.byPath('/two')]);
  assert.equal((a!.data.file as any).blob, (b!.data.file as any).blob);
});

test('an Image is served inline with its pixel size; a script-capable type is not', async () => {
  const r = await s.call('POST', '/', {
    '@type': 'Image',
    title: 'Pixel',
    image: {
      data: PNG.toString('base64'),
      encoding: 'base64',
      filename: 'p.png',
      'content-type': 'image/png',
    },
  });
  assert.equal(r.status, 201, r.body);
  assert.equal(r.json.image.width, 1);
  assert.equal(r.json.image.height, 1);
  const img = await s.app.inject({ method: 'GET', url: '/pixel/@@images/image' });
  assert.equal(img.statusCode, 200);
  assert.match(String(img.headers['content-disposition']), /^inline/);
  assert.ok(img.rawPayload.equals(PNG));

  const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
  const r2 = await s.call('POST', '/', {
    '@type': 'File',
    title: 'Evil',
    file: {
      data: svg.toString('base64'),
      encoding: 'base64',
      filename: 'e.svg',
      'content-type': 'image/svg+xml',
    },
  });
  assert.equal(r2.status, 201);
  const dl = await s.app.inject({ method: 'GET', url: '/evil/@@images/file' });
  assert.match(String(dl.headers['content-disposition']), /^attachment/);
});

test('downloads of missing fields are 404; bad base64 is 400', async () => {
  assert.equal((await s.call('GET', '/report/@@download/nope')).status, 404);
  const bad = await s.call('POST', '/', {
    '@type': 'File',
    title: 'x',
    file: { data: '!!!', encoding: 'base64' },
  });
  assert.equal(bad.status, 400);
});
