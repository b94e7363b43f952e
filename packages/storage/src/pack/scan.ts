// Reading a whole table a page at a time, in key order, one short query per
// page (no transaction stays open across the scan). A two-column key is
// continued with two plain range queries — the rest of the current first
// key, then the next first keys — which every database answers from the
// primary key's index; `(a > ?) or (a = ? and b > ?)` would make some scan
// the index from its start for every page.
import type { Db } from './batch.js';

export async function* scanRows<R extends Record<string, unknown>>(
  db: Db,
  table: string,
  columns: readonly string[],
  keys: readonly [string] | readonly [string, string],
  pageSize = 500,
): AsyncGenerator<R> {
  const select = () => (db as any).selectFrom(table).select([...new Set([...keys, ...columns])]);
  const [k0, k1] = keys;
  let last: R | undefined;
  for (;;) {
    let rows: R[] = [];
    if (last && k1 !== undefined) {
      rows = await select()
        .where(k0, '=', last[k0])
        .where(k1, '>', last[k1])
        .orderBy(k1)
        .limit(pageSize)
        .execute();
    }
    if (rows.length === 0) {
      let q = select();
      if (last) q = q.where(k0, '>', last[k0]);
      q = q.orderBy(k0);
      if (k1 !== undefined) q = q.orderBy(k1);
      rows = await q.limit(pageSize).execute();
      if (rows.length === 0) return;
    }
    yield* rows;
    last = rows[rows.length - 1];
  }
}
