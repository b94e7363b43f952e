// Transaction notes: what TxMeta.note starts a write with, replaced from
// inside the write (a check-in comment), and rolled back with it. Run from
// each adapter's test file.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { StorageFixture } from '../storage.suite.js';

export function txNoteSuite(name: string, factory: () => Promise<StorageFixture>) {
  describe(`Transaction notes: ${name}`, () => {
    let fx: StorageFixture;
    before(async () => {
      fx = await factory();
      await fx.storage.migrate();
    });
    after(() => fx.cleanup());

    test('the note given at the start, and one set inside the write', async () => {
      const a = await fx.storage.write({ principal: 'u', note: 'from meta' }, async (tx) => tx.tid);
      const b = await fx.storage.write({ principal: 'u', note: 'placeholder' }, async (tx) => {
        await tx.setTransactionNote('Checked in: typo fixed');
        return tx.tid;
      });
      const notes = await fx.storage.read(async (tx) => [
        await tx.transactionNote(a),
        await tx.transactionNote(b),
        await tx.transactionNote(b + 1000),
      ]);
      assert.deepEqual(notes, ['from meta', 'Checked in: typo fixed', undefined]);
    });

    test('a write that fails leaves no note behind', async () => {
      let tid = 0;
      await assert.rejects(
        fx.storage.write({ principal: 'u' }, async (tx) => {
          tid = tx.tid;
          await tx.setTransactionNote('never committed');
          throw new Error('boom');
        }),
        /boom/,
      );
      assert.equal(await fx.storage.read((tx) => tx.transactionNote(tid)), undefined);
    });

    test('very long notes are cut, not refused', async () => {
      const tid = await fx.storage.write({ principal: 'u' }, async (tx) => {
        await tx.setTransactionNote('x'.repeat(20_000));
        return tx.tid;
      });
      assert.equal((await fx.storage.read((tx) => tx.transactionNote(tid)))?.length, 10_000);
    });
  });
}
