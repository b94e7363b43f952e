// `tessera pack` against a running `tessera serve`, on SQLite, PostgreSQL and
// MariaDB: what it removes and keeps (the site still serves its documents,
// files and images afterwards, and `tessera check` is clean), and that it
// runs online (concurrent writes all succeed, none held up for long).
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import type { KyselyStorage } from '@tessera/storage';
import sharp from 'sharp';
import { startServer, stop } from './process.js';
import { backdate, call, download, fileBody, KINDS, siteDir, tessera } from './sites.js';

const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');

async function jpeg(width: number, height: number, seed: number) {
  const raw = Buffer.alloc(width * height * 3);
  for (let i = 0; i < raw.length; i++) raw[i] = (i * seed + (i >> 4)) & 0xff;
  return sharp(raw, { raw: { width, height, channels: 3 } })
    .jpeg()
    .toBuffer();
}

const figure = (out: string, label: RegExp) => Number(label.exec(out)?.[1] ?? Number.NaN);

for (const kind of KINDS) {
  test(`pack on ${kind}: old history and unreferenced blobs go, the site still serves, check is clean`, async () => {
    const site = await siteDir(kind);
    // What pack removes: history and blobs nothing refers to. Deleted items go
    // for good here, and no type keeps versions: the trash and versions keep
    // their blobs on purpose (trash.test.ts, history.test.ts cover that).
    site.env.TESSERA_TRASH_DAYS = '0';
    // (An empty variable counts as unset: name a type that does not exist.)
    site.env.TESSERA_VERSIONABLE_TYPES = 'NoSuchType';
    const server = await startServer([], site.env);
    try {
      const base = server.url;
      assert.equal(
        (await call(base, 'POST', '/', { '@type': 'Document', id: 'doc', title: 'Doc' })).status,
        201,
      );
      const created = await call(base, 'POST', '/', {
        '@type': 'File',
        id: 'f',
        file: fileBody('version one'),
      });
      assert.equal(created.status, 201, created.text);
      assert.equal((await call(base, 'PATCH', '/f', { file: fileBody('version two, longer') })).status, 204);
      const first = await jpeg(400, 300, 7919);
      const image = (bytes: Buffer) => ({
        data: bytes.toString('base64'),
        encoding: 'base64',
        filename: 'i.jpg',
        'content-type': 'image/jpeg',
      });
      assert.equal(
        (await call(base, 'POST', '/', { '@type': 'Image', id: 'img', image: image(first) })).status,
        201,
      );
      const oldScale = (await call(base, 'GET', '/img')).json.image.scales.thumb.download;
      const scaled = await download(oldScale);
      assert.equal(scaled.status, 200);
      assert.equal(
        (await call(base, 'PATCH', '/img', { image: image(await jpeg(360, 240, 104729)) })).status,
        204,
      );
      assert.equal(
        (await call(base, 'POST', '/', { '@type': 'Document', id: 'gone', title: 'Gone' })).status,
        201,
      );
      assert.equal((await call(base, 'DELETE', '/gone')).status, 204);
      // Another process deletes a document the server has cached, while the
      // server takes no request: the server learns of it from the deletion's
      // revision, which pack removes — and from pack's marker.
      const cached = await call(base, 'POST', '/', { '@type': 'Document', id: 'cached', title: 'Cached' });
      assert.equal((await call(base, 'GET', '/cached')).status, 200);
      assert.equal((await call(base, 'GET', '/cached')).status, 200);
      const other = site.open();
      try {
        await other.write({ principal: 'admin' }, (tx) => tx.deleteTree(cached.json.UID));
      } finally {
        await other.close();
      }

      await backdate(site);
      if (kind === 'sqlite') {
        const bad = await tessera(['pack', '--days', 'many'], site.env);
        assert.equal(bad.code, 2);
        assert.match(bad.err, /--days/);
        const dry = await tessera(['pack', '--days', '1', '--dry-run'], site.env);
        assert.equal(dry.code, 0, dry.err);
        assert.match(dry.out, /Dry run: nothing was changed/);
        assert.ok(figure(dry.out, /revisions would be removed: (\d+)/) >= 4, dry.out);
        assert.ok(figure(dry.out, /Blobs would be removed: (\d+)/) >= 3, dry.out);
      }

      const packed = await tessera(['pack', '--days', '1'], site.env);
      assert.equal(packed.code, 0, packed.err);
      // f's and img's first versions; the insertion and deletion of "gone".
      assert.ok(figure(packed.out, /revisions removed: (\d+)/) >= 4, packed.out);
      assert.match(packed.out, /whole history of 2 deleted objects/);
      // f's first version, img's first version and its scale.
      assert.ok(figure(packed.out, /Blobs removed: (\d+)/) >= 3, packed.out);
      assert.ok(figure(packed.out, /image scale records of unreferenced images: (\d+)/) >= 1, packed.out);

      const storage: KyselyStorage = site.open();
      try {
        assert.equal(await storage.read((tx) => tx.blobInfo(sha256('version one'))), undefined);
        assert.equal(await storage.read((tx) => tx.blobInfo(sha256(first))), undefined);
        assert.equal(await storage.read((tx) => tx.blobInfo(sha256(scaled.bytes))), undefined);
        const gone = await storage.db
          .selectFrom('image_scales')
          .select('source')
          .where('source', '=', sha256(first));
        assert.deepEqual(await gone.execute(), []);
      } finally {
        await storage.close();
      }

      // The running server serves the current state.
      assert.equal((await call(base, 'GET', '/doc')).json.title, 'Doc');
      const f = await call(base, 'GET', '/f');
      assert.equal((await download(f.json.file.download)).bytes.toString(), 'version two, longer');
      const img = (await call(base, 'GET', '/img')).json.image;
      assert.equal((await download(img.download)).status, 200);
      assert.equal((await download(img.scales.thumb.download)).status, 200);
      assert.equal((await call(base, 'GET', '/gone')).status, 404);
      assert.equal((await call(base, 'GET', '/cached')).status, 404, 'no stale cached response');

      const checked = await tessera(['check'], site.env);
      assert.equal(checked.code, 0, checked.out + checked.err);
      assert.match(checked.out, /0 errors, 0 warnings/);

      // The first image's bytes come back: the server, which served a scale of
      // them before pack removed it, renders it anew instead of remembering a gone blob.
      assert.equal((await call(base, 'PATCH', '/img', { image: image(first) })).status, 204);
      const again = (await call(base, 'GET', '/img')).json.image.scales.thumb.download;
      const rescaled = await download(again);
      assert.equal(rescaled.status, 200);
      assert.deepEqual(rescaled.bytes, scaled.bytes);
    } finally {
      await stop(server);
      await site.cleanup();
    }
  });
}
