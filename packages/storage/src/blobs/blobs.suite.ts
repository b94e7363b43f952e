// The blob contract every store keeps (database chunks, files): content
// addressing, uploads outside transactions, byte ranges, size limits that
// leave nothing behind. Run from each adapter's test file.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import type { StorageFixture } from '../storage.suite.js';

async function readAll(stream: Readable) {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

async function* slices(bytes: Buffer, size: number) {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

export function blobSuite(name: string, factory: () => Promise<StorageFixture & { blobDir?: string }>) {
  describe(`Blobs: ${name}`, () => {
    let fx: StorageFixture & { blobDir?: string };
    before(async () => {
      fx = await factory();
      await fx.storage.migrate();
    });
    after(() => fx.cleanup());

    test('an upload outside any transaction is content-addressed and readable in one', async () => {
      const bytes = randomBytes(900 * 1024 + 17);
      const a = await fx.storage.putBlob(slices(bytes, 65_536));
      const b = await fx.storage.putBlob(bytes);
      assert.equal(a.hash, b.hash);
      assert.equal(a.size, bytes.length);
      const info = await fx.storage.read((tx) => tx.blobInfo(a.hash));
      assert.deepEqual(info, { hash: a.hash, size: bytes.length });
      const back = await readAll(await fx.storage.read(async (tx) => tx.openBlob(a.hash)));
      assert.ok(back.equals(bytes));
      assert.equal(fx.storage.blobFile(a.hash) !== undefined, fx.blobDir !== undefined);
    });

    test('byte ranges across chunk boundaries', async () => {
      const bytes = randomBytes(700 * 1024);
      const { hash } = await fx.storage.putBlob(bytes);
      for (const [start, end] of [
        [0, 0],
        [10, 262_143],
        [262_140, 262_150],
        [300_000, bytes.length - 1],
        [bytes.length - 1, bytes.length - 1],
      ] as const) {
        const got = await readAll(await fx.storage.read(async (tx) => tx.openBlob(hash, { start, end })));
        assert.ok(got.equals(bytes.subarray(start, end + 1)), `range ${start}-${end}`);
      }
    });

    test('a blob over the limit is refused and leaves nothing behind', async () => {
      const bytes = randomBytes(300 * 1024);
      await assert.rejects(
        fx.storage.putBlob(slices(bytes, 50_000), { maxBytes: 200 * 1024 }),
        (err: any) => err.status === 413,
      );
      const { createHash } = await import('node:crypto');
      const hash = createHash('sha256').update(bytes).digest('hex');
      assert.equal(await fx.storage.read((tx) => tx.blobInfo(hash)), undefined);
      if (fx.blobDir) assert.deepEqual(readdirSync(`${fx.blobDir}/tmp`), []);
    });

    test('a failed upload stream leaves nothing behind', async () => {
      async function* broken() {
        yield randomBytes(300 * 1024);
        throw new Error('connection dropped');
      }
      await assert.rejects(fx.storage.putBlob(broken()), /connection dropped/);
      if (fx.blobDir) assert.deepEqual(readdirSync(`${fx.blobDir}/tmp`), []);
    });
  });
}
