// The note of a transaction (its row in `transactions`): set when the write
// begins from TxMeta, and replaceable from inside the write once the handler
// knows it — a working copy's check-in comment is in the request body, read
// after the transaction opened.
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../schema.js';

type Db = Kysely<Database> | Transaction<Database>;

/** Longest note kept, as for TxMeta.note. */
const MAX_NOTE = 10_000;

export async function setTransactionNote(db: Transaction<Database>, tid: number, note: string) {
  await db
    .updateTable('transactions')
    .set({ note: note.slice(0, MAX_NOTE) })
    .where('tid', '=', tid)
    .execute();
}

export async function transactionNote(db: Db, tid: number): Promise<string | undefined> {
  const row = await db.selectFrom('transactions').select('note').where('tid', '=', tid).executeTakeFirst();
  return row?.note;
}
