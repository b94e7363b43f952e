// Image scales (@@images): generated on first request with sharp, stored
// once, served under name-based and cache-forever URLs; the serialization
// and catalog metadata that point at them; bad images and SVG.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { crc32, deflateSync } from 'node:zlib';
import type { KyselyStorage } from '@tessera/storage';
import sharp from 'sharp';
import { startSite, type TestSite } from './harness.js';

let s: TestSite;
before(async () => {
  s = await startSite();
});
after(() => s.close());

/** A photo-like JPEG (noise compresses like a photo, so scales differ in bytes). */
async function jpeg(width: number, height: number, opts: { orientation?: number } = {}) {
  const raw = Buffer.alloc(width * height * 3);
  for (let i = 0; i < raw.length; i++) raw[i] = (i * 7919 + (i >> 5) * 31) & 0xff;
  let img = sharp(raw, { raw: { width, height, channels: 3 } }).jpeg({ quality: 80 });
  if (opts.orientation) img = img.withMetadata({ orientation: opts.orientation });
  return img.toBuffer();
}

function imageBody(bytes: Buffer, contentType = 'image/jpeg', filename = 'photo.jpg', extra = {}) {
  return {
    data: bytes.toString('base64'),
    encoding: 'base64',
    filename,
    'content-type': contentType,
    ...extra,
  };
}

async function createImage(id: string, bytes: Buffer, contentType = 'image/jpeg', parent = '/') {
  const r = await s.call('POST', parent, {
    '@type': 'Image',
    id,
    title: id,
    image: imageBody(bytes, contentType, `${id}.${contentType.split('/')[1]}`),
  });
  assert.equal(r.status, 201, r.body);
  return r.json;
}

const get = (url: string, headers: Record<string, string> = {}) =>
  s.app.inject({ method: 'GET', url, headers: { authorization: basic(), ...headers } });
const basic = () => `Basic ${Buffer.from('admin:test-admin-password').toString('base64')}`;
const path = (absolute: string) => new URL(absolute).pathname;

async function scaleRows(): Promise<number> {
  const db = (s.storage as KyselyStorage).db;
  const row = await db
    .selectFrom('image_scales')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

test('GET gives every scale with its size and a unique URL; the scale has that size', async () => {
  const json = await createImage('photo', await jpeg(1200, 800));
  const img = json.image;
  assert.equal(img.width, 1200);
  assert.equal(img.height, 800);
  assert.match(img.download, /\/photo\/@@images\/image-1200-[0-9a-f]{32}\.jpeg$/);
  assert.deepEqual(Object.keys(img.scales).sort(), [
    'great',
    'huge',
    'icon',
    'large',
    'larger',
    'listing',
    'mini',
    'preview',
    'teaser',
    'thumb',
    'tile',
  ]);
  const preview = img.scales.preview;
  assert.equal(preview.width, 400);
  assert.equal(preview.height, 266);
  assert.match(preview.download, /\/photo\/@@images\/image-400-[0-9a-f]{32}\.jpeg$/);
  // Never enlarged: scales at least as large as the original are the original.
  assert.equal(img.scales.huge.download, img.download);
  assert.equal(img.scales.huge.width, 1200);
  assert.equal(img.scales.great.download, img.download);

  const res = await get(path(preview.download));
  assert.equal(res.statusCode, 200, res.body);
  assert.equal(res.headers['content-type'], 'image/jpeg');
  assert.equal(res.headers['cache-control'], 'public, max-age=31536000, immutable');
  assert.match(String(res.headers['content-disposition']), /^inline; filename="photo.jpg"/);
  const meta = await sharp(res.rawPayload).metadata();
  assert.equal(meta.width, 400);
  assert.equal(meta.height, 266);
  assert.equal(meta.exif, undefined, 'metadata is stripped');

  // The name-based URL serves the same bytes, cached briefly, with an ETag.
  const named = await get('/photo/@@images/image/preview');
  assert.equal(named.statusCode, 200);
  assert.ok(named.rawPayload.equals(res.rawPayload));
  assert.equal(named.headers['cache-control'], 'public, max-age=60, must-revalidate');
  assert.ok(named.headers.etag);

  const thumb = await sharp((await get('/photo/@@images/image/thumb')).rawPayload).metadata();
  assert.deepEqual([thumb.width, thumb.height], [128, 85]);

  // The field alone is the original.
  const original = await get('/photo/@@images/image');
  assert.equal((await sharp(original.rawPayload).metadata()).width, 1200);
});

test('a scale is rendered once and stored; later requests read it back', async () => {
  await createImage('once', await jpeg(900, 600));
  const before = await scaleRows();
  const first = await get('/once/@@images/image/mini');
  assert.equal(first.statusCode, 200);
  assert.equal(await scaleRows(), before + 1);
  const second = await get('/once/@@images/image/mini');
  assert.equal(second.statusCode, 200);
  assert.ok(second.rawPayload.equals(first.rawPayload));
  assert.equal(await scaleRows(), before + 1, 'not rendered again');

  // Concurrent first requests of another scale: all answered, one row.
  const many = await Promise.all(Array.from({ length: 6 }, () => get('/once/@@images/image/tile')));
  for (const r of many) {
    assert.equal(r.statusCode, 200);
    assert.ok(r.rawPayload.equals(many[0]!.rawPayload));
  }
  assert.equal(await scaleRows(), before + 2);

  // Another process (a second app on the same database) finds it stored.
  const peer = await s.peer();
  try {
    const r = await peer.app.inject({
      method: 'GET',
      url: '/once/@@images/image/tile',
      headers: { authorization: basic() },
    });
    assert.equal(r.statusCode, 200);
    assert.ok(r.rawPayload.equals(many[0]!.rawPayload));
    assert.equal(await scaleRows(), before + 2);
  } finally {
    await peer.close();
  }
});

test('unique URLs are stable and change with the image; the old ones are gone', async () => {
  const created = await createImage('changing', await jpeg(800, 600));
  const again = await s.call('GET', '/changing');
  assert.equal(again.json.image.scales.preview.download, created.image.scales.preview.download);
  const old = path(created.image.scales.preview.download);
  assert.equal((await get(old)).statusCode, 200);

  const patched = await s.call('PATCH', '/changing', { image: imageBody(await jpeg(640, 480)) });
  assert.equal(patched.status, 204, patched.body);
  const now = (await s.call('GET', '/changing')).json.image;
  assert.notEqual(now.scales.preview.download, created.image.scales.preview.download);
  assert.notEqual(now.download, created.image.download);
  assert.equal(now.scales.preview.width, 400);
  assert.equal(now.scales.preview.height, 300);
  const gone = await get(old);
  assert.equal(gone.statusCode, 404);
  assert.equal(JSON.parse(gone.body).error.type, 'NotFound');
  assert.equal((await get(path(now.scales.preview.download))).statusCode, 200);
});

test('If-None-Match answers 304 on unique and name-based URLs', async () => {
  const json = await createImage('cached', await jpeg(700, 500));
  for (const url of [
    path(json.image.scales.mini.download),
    '/cached/@@images/image/mini',
    '/cached/@@images/image',
  ]) {
    const first = await get(url);
    assert.equal(first.statusCode, 200);
    const etag = String(first.headers.etag);
    const again = await get(url, { 'if-none-match': etag });
    assert.equal(again.statusCode, 304, url);
    assert.equal(again.rawPayload.length, 0);
    assert.equal(again.headers['cache-control'], first.headers['cache-control']);
    assert.equal((await get(url, { 'if-none-match': '"other"' })).statusCode, 200);
  }
});

test('EXIF orientation is applied: a turned photo has turned sizes and scales', async () => {
  // Stored 300×200, shown turned by 90° (orientation 6): 200 wide, 300 high.
  const json = await createImage('turned', await jpeg(300, 200, { orientation: 6 }));
  assert.equal(json.image.width, 200);
  assert.equal(json.image.height, 300);
  assert.deepEqual([json.image.scales.thumb.width, json.image.scales.thumb.height], [85, 128]);
  const res = await get('/turned/@@images/image/thumb');
  assert.equal(res.statusCode, 200);
  const meta = await sharp(res.rawPayload).metadata();
  assert.deepEqual([meta.width, meta.height], [85, 128]);
  assert.equal(meta.orientation, undefined);
});

test('unknown scales and fields are 404 in plone.restapi shape', async () => {
  for (const url of [
    '/photo/@@images/image/gigantic',
    '/photo/@@images/nope',
    '/photo/@@images/image-400-00000000000000000000000000000000.jpeg',
    '/photo/@@images/image/preview/extra',
  ]) {
    const r = await get(url);
    assert.equal(r.statusCode, 404, url);
    const body = JSON.parse(r.body);
    assert.equal(body.error.type, 'NotFound');
    assert.equal(typeof body.error.message, 'string');
  }
});

/** A valid PNG header claiming width × height, with almost no pixel data. */
function pngClaiming(width: number, height: number) {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body) >>> 0);
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  return Buffer.concat([
    Buffer.from('89504e470d0a1a0a', 'hex'),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.alloc(1024))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

test('bad images give clear errors and the server keeps serving', async () => {
  const good = await jpeg(1000, 700);
  await createImage('truncated', good.subarray(0, Math.floor(good.length / 2)));
  const t = await get('/truncated/@@images/image/preview');
  assert.equal(t.statusCode, 422, t.body);
  assert.equal(JSON.parse(t.body).error.type, 'UnprocessableEntity');

  // A decompression bomb: 10 gigapixels claimed in a 100-byte file.
  const bomb = await createImage('bomb', pngClaiming(100_000, 100_000), 'image/png');
  assert.equal(bomb.image.width, 100_000);
  const b = await get('/bomb/@@images/image/preview');
  assert.equal(b.statusCode, 422, b.body);
  assert.match(JSON.parse(b.body).error.message, /too many pixels/);

  // Bytes that are no image at all under an image type.
  const fake = await createImage('fake', Buffer.from('just some text, no pixels'), 'image/png');
  assert.equal(fake.image.width, -1);
  assert.deepEqual(fake.image.scales, {});
  assert.equal((await get('/fake/@@images/image/preview')).statusCode, 404);
  // A fake with a plausible header.
  await createImage(
    'liar',
    Buffer.concat([pngClaiming(800, 600).subarray(0, 33), Buffer.alloc(64, 7)]),
    'image/png',
  );
  assert.equal((await get('/liar/@@images/image/preview')).statusCode, 422);
  // A second try is answered the same (from memory, not decoded again).
  assert.equal((await get('/liar/@@images/image/preview')).statusCode, 422);

  const ok = await get('/photo/@@images/image/tile');
  assert.equal(ok.statusCode, 200);
});

test('SVG is never rasterised and served so that its scripts cannot run', async () => {
  const svg = Buffer.from(
    '<svg xmlns="http://www.w3.org/2000/svg" width="800" height="400"><script>alert(1)</script><rect width="10" height="10"/></svg>',
  );
  const json = await createImage('vector', svg, 'image/svg+xml');
  assert.equal(json.image.width, 800);
  assert.equal(json.image.scales.preview.width, 400);
  assert.equal(json.image.scales.preview.height, 200);
  assert.equal(json.image.scales.preview.download, json.image.download);
  assert.match(json.image.download, /image-800-[0-9a-f]{32}\.svg$/);
  for (const url of ['/vector/@@images/image/preview', path(json.image.download), '/vector/@@images/image']) {
    const r = await get(url);
    assert.equal(r.statusCode, 200, url);
    assert.equal(r.headers['content-type'], 'image/svg+xml');
    assert.equal(
      r.headers['content-security-policy'],
      "default-src 'none'; style-src 'unsafe-inline'; sandbox",
    );
    assert.match(String(r.headers['content-disposition']), /^attachment/);
    assert.equal(r.headers['x-content-type-options'], 'nosniff');
    assert.ok(r.rawPayload.equals(svg));
  }
});

test('image_field and image_scales in search results (what Volto lists images from)', async () => {
  const r = await s.call(
    'GET',
    '/@search?portal_type=Image&id=photo&metadata_fields=image_field&metadata_fields=image_scales',
  );
  assert.equal(r.status, 200, r.body);
  const [item] = r.json.items;
  assert.equal(item.image_field, 'image');
  const [entry] = item.image_scales.image;
  const content = (await s.call('GET', '/photo')).json.image;
  assert.equal(entry['content-type'], 'image/jpeg');
  assert.equal(entry.filename, 'photo.jpeg');
  assert.equal(entry.width, 1200);
  assert.equal(entry.height, 800);
  assert.equal(entry.size, content.size);
  // Relative to the item: Volto appends them to its @id.
  assert.equal(`${item['@id']}/${entry.download}`, content.download);
  assert.equal(`${item['@id']}/${entry.scales.preview.download}`, content.scales.preview.download);
  assert.deepEqual(
    { width: entry.scales.preview.width, height: entry.scales.preview.height },
    { width: 400, height: 266 },
  );
  // Only scales smaller than the original are listed.
  assert.equal(entry.scales.huge, undefined);
  assert.ok(entry.scales.large);
  assert.equal((await get(path(`${item['@id']}/${entry.scales.teaser.download}`))).statusCode, 200);

  // _all includes them; an item without an image has '' and null.
  await s.call('POST', '/', { '@type': 'Document', id: 'plain', title: 'Plain' });
  const all = await s.call('GET', '/@search?id=plain&metadata_fields=_all');
  assert.equal(all.json.items[0].image_field, '');
  assert.equal(all.json.items[0].image_scales, null);
});

test('anonymous cannot read the scales of a private image', async () => {
  const folder = await s.call('POST', '/', { '@type': 'Folder', id: 'private-folder', title: 'Private' });
  assert.equal(folder.status, 201);
  const json = await createImage('secret', await jpeg(600, 400), 'image/jpeg', '/private-folder');
  const unique = path(json.image.scales.mini.download);
  const authed = await get(unique);
  assert.equal(authed.statusCode, 200);
  // Not viewable anonymously: shared caches must not keep it.
  assert.equal(authed.headers['cache-control'], 'private, max-age=31536000, immutable');
  for (const url of [
    unique,
    '/private-folder/secret/@@images/image/mini',
    '/private-folder/secret/@@images/image',
  ]) {
    const anon = await s.app.inject({ method: 'GET', url });
    assert.equal(anon.statusCode, 401, url);
  }
});

test('a focal point is kept with the image, validated, and removable', async () => {
  const r = await s.call('POST', '/', {
    '@type': 'Image',
    id: 'focused',
    title: 'Focused',
    image: imageBody(await jpeg(400, 300), 'image/jpeg', 'f.jpg', { focal_point: [0.25, 0.75] }),
  });
  assert.equal(r.status, 201, r.body);
  assert.deepEqual(r.json.image.focal_point, [0.25, 0.75]);
  // Echoing the value back without data keeps the bytes and changes the point.
  const { scales: _s, download: _d, ...echo } = r.json.image;
  const moved = await s.call('PATCH', '/focused', { image: { ...echo, focal_point: [0.5, 0.1] } });
  assert.equal(moved.status, 204, moved.body);
  const after = (await s.call('GET', '/focused')).json.image;
  assert.deepEqual(after.focal_point, [0.5, 0.1]);
  assert.equal(after.download, r.json.image.download, 'the bytes did not change');
  for (const bad of [[2, 0], [0.5], 'middle', [0.1, Number.NaN]]) {
    const res = await s.call('PATCH', '/focused', { image: { ...echo, focal_point: bad } });
    assert.equal(res.status, 400, JSON.stringify(bad));
  }
  const cleared = await s.call('PATCH', '/focused', { image: { ...echo, focal_point: null } });
  assert.equal(cleared.status, 204);
  assert.equal((await s.call('GET', '/focused')).json.image.focal_point, undefined);
});

test('with imageFormats, scales come as WebP to browsers that accept it (Vary: Accept)', async () => {
  const w = await startSite({ imageFormats: 'webp' });
  try {
    const bytes = await jpeg(1000, 750);
    const created = await w.call('POST', '/', {
      '@type': 'Image',
      id: 'modern',
      title: 'M',
      image: imageBody(bytes),
    });
    assert.equal(created.status, 201);
    const unique = path(created.json.image.scales.preview.download);
    const auth = { authorization: basic() };
    const webp = await w.app.inject({
      method: 'GET',
      url: unique,
      headers: { ...auth, accept: 'image/avif,image/webp,*/*' },
    });
    assert.equal(webp.statusCode, 200);
    assert.equal(webp.headers['content-type'], 'image/webp');
    assert.equal(webp.headers.vary, 'Accept');
    assert.equal((await sharp(webp.rawPayload).metadata()).width, 400);
    const plain = await w.app.inject({ method: 'GET', url: unique, headers: { ...auth, accept: '*/*' } });
    assert.equal(plain.headers['content-type'], 'image/jpeg');
    assert.equal(plain.headers.vary, 'Accept');
    assert.notEqual(plain.headers.etag, webp.headers.etag);
    // An explicit .webp URL, too.
    const explicit = await w.app.inject({
      method: 'GET',
      url: unique.replace(/\.jpeg$/, '.webp'),
      headers: auth,
    });
    assert.equal(explicit.headers['content-type'], 'image/webp');
  } finally {
    await w.close();
  }
  // Off by default: no Vary, no WebP.
  const r = await get('/photo/@@images/image/mini', { accept: 'image/webp,*/*' });
  assert.equal(r.headers['content-type'], 'image/jpeg');
  assert.equal(r.headers.vary, undefined);
  assert.equal(
    (await get('/photo/@@images/image-200-00000000000000000000000000000000.webp')).statusCode,
    404,
  );
});

test('over a socket, stored scales come from the cache, per principal, and follow changes', async () => {
  const base = await s.app.listen({ port: 0, host: '127.0.0.1' });
  const folder = await s.call('POST', '/', { '@type': 'Folder', id: 'gallery', title: 'Gallery' });
  assert.equal(folder.status, 201);
  const json = await createImage('hot', await jpeg(800, 600), 'image/jpeg', '/gallery');
  const url = `${base}${path(json.image.scales.mini.download)}`;
  const admin = { authorization: basic() };
  const first = await fetch(url, { headers: admin });
  assert.equal(first.status, 200);
  const bytes = Buffer.from(await first.arrayBuffer());
  const hitsBefore = s.site.cache.hits;
  for (let i = 0; i < 3; i++) {
    const r = await fetch(url, { headers: admin });
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('content-type'), 'image/jpeg');
    assert.equal(r.headers.get('cache-control'), 'private, max-age=31536000, immutable');
    assert.ok(Buffer.from(await r.arrayBuffer()).equals(bytes));
  }
  assert.ok(s.site.cache.hits >= hitsBefore + 3, 'served from the cache');
  const cond = await fetch(url, {
    headers: { ...admin, 'if-none-match': String(first.headers.get('etag')) },
  });
  assert.equal(cond.status, 304);
  // Admin's cached copy is not anonymous's: the folder is private.
  assert.equal((await fetch(url)).status, 401);
  // Published, anonymous may see it (and shared caches may keep it).
  assert.equal((await s.call('POST', '/gallery/@workflow/publish', {})).status, 200);
  const anon = await fetch(url);
  assert.equal(anon.status, 200, await anon.clone().text());
  assert.equal(anon.headers.get('cache-control'), 'public, max-age=31536000, immutable');
  await anon.arrayBuffer();
  // Retracted again: the cached anonymous copy goes stale with the folder's security.
  assert.equal((await s.call('POST', '/gallery/@workflow/retract', {})).status, 200);
  assert.equal((await fetch(url)).status, 401);
});
