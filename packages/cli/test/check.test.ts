// `tessera check` on SQLite, PostgreSQL and MariaDB: clean on a healthy site,
// a dangling relation is a warning (exit 0), and inflicted damage (a blob's
// file or chunks gone, an object whose parent row is gone, a missing catalog
// entry) is listed as errors (exit 1).
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { startServer, stop } from './process.js';
import { call, fileBody, KINDS, siteDir, tessera } from './sites.js';

for (const kind of KINDS) {
  test(`check on ${kind}: clean, then warnings, then damage`, async () => {
    const site = await siteDir(kind);
    const server = await startServer([], site.env);
    try {
      const base = server.url;
      const post = async (parent: string, body: Record<string, unknown>) => {
        const r = await call(base, 'POST', parent, body);
        assert.equal(r.status, 201, r.text);
        return r.json;
      };
      const target = await post('/', { '@type': 'Document', id: 'target', title: 'Target' });
      const a = await post('/', { '@type': 'Document', id: 'a', title: 'A', relatedItems: [target.UID] });
      const f = await post('/', { '@type': 'File', id: 'f', title: 'F', file: fileBody('file contents') });
      const folder = await post('/', { '@type': 'Folder', id: 'folder', title: 'Folder' });
      const child = await post('/folder', { '@type': 'Document', id: 'child', title: 'Child' });

      const clean = await tessera(['check', '--checksums'], site.env);
      assert.equal(clean.code, 0, clean.out + clean.err);
      assert.match(clean.out, /0 errors, 0 warnings/);
      assert.match(clean.out, /1 relations/);

      assert.equal((await call(base, 'DELETE', '/target')).status, 204);
      const dangling = await tessera(['check'], site.env);
      assert.equal(dangling.code, 0, 'warnings only');
      assert.match(
        dangling.out,
        new RegExp(
          `^warning: relations: /a: relatedItems refers to ${target.UID}, which does not exist$`,
          'm',
        ),
      );
      assert.match(dangling.out, /0 errors, 1 warning\./);

      // Damage: f's bytes, the folder's row, a's catalog entry.
      const storage = site.open();
      let hash: string;
      try {
        const row = await storage.db
          .selectFrom('objects')
          .select('data')
          .where('uid', '=', f.UID)
          .executeTakeFirstOrThrow();
        hash = JSON.parse(row.data).file.blob;
        if (site.blobDir) rmSync(join(site.blobDir, hash.slice(0, 2), hash.slice(2, 4), hash));
        else await storage.db.deleteFrom('blob_chunks').where('hash', '=', hash).execute();
        await storage.db.deleteFrom('objects').where('uid', '=', folder.UID).execute();
        await storage.db.deleteFrom('catalog').where('uid', '=', a.UID).execute();
      } finally {
        await storage.close();
      }
      const damaged = await tessera(['check'], site.env);
      assert.equal(damaged.code, 1, damaged.out + damaged.err);
      const lines = damaged.out;
      assert.match(
        lines,
        new RegExp(
          `^error: tree: /folder/child \\(uid ${child.UID}\\): its parent ${folder.UID} does not exist$`,
          'm',
        ),
      );
      assert.match(lines, new RegExp(`^error: catalog: /a \\(uid ${a.UID}\\) has no catalog entry`, 'm'));
      assert.match(
        lines,
        new RegExp(`^error: catalog: catalog entry for /folder \\(uid ${folder.UID}\\) has no object`, 'm'),
      );
      assert.match(
        lines,
        new RegExp(`^error: blobs: blob ${hash} (is missing \\(/f|\\(/f.*\\) has 0 of its 1 chunks)`, 'm'),
      );
      assert.match(lines, /^warning: relations: \/a: relatedItems/m);
      assert.match(lines, /[1-9]\d* errors, 1 warning\./);

      if (kind === 'sqlite') {
        const bad = await tessera(['check', '--deep'], site.env);
        assert.equal(bad.code, 2);
        assert.match(bad.err, /--deep/);
      }
    } finally {
      await stop(server);
      await site.cleanup();
    }
  });
}
