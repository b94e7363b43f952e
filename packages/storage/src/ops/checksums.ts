// A dialect-independent checksum of a table's rows: each row in canonical
// form (columns by name, integers as numbers, text as stored), hashed, and
// the hashes added up modulo 2^256 with the row count beside. The sum does
// not depend on row order, so it is the same whatever order a database's
// collation sorts keys in (PostgreSQL's locale, MariaDB's _bin, SQLite's
// bytes): equal checksums on two databases mean the same set of rows.
import { createHash } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import { siteTables, type TableSpec } from './tables.js';

export interface TableChecksum {
  rows: number;
  sha256: string;
}

const MOD = 1n << 256n;

export class TableDigest {
  rows = 0;
  private sum = 0n;

  add(values: unknown[]) {
    this.rows++;
    const h = createHash('sha256').update(JSON.stringify(values)).digest('hex');
    this.sum = (this.sum + BigInt(`0x${h}`)) % MOD;
  }

  result(): TableChecksum {
    return { rows: this.rows, sha256: this.sum.toString(16).padStart(64, '0') };
  }
}

/** A row's values in the spec's column order, normalised across drivers. */
export function canonicalRow(spec: TableSpec, row: Record<string, unknown>): unknown[] {
  return spec.columns.map(({ name, kind }) => {
    const v = row[name];
    if (v === null || v === undefined) return null;
    if (kind === 'int') return Number(v);
    if (Buffer.isBuffer(v) || v instanceof Uint8Array) return Buffer.from(v).toString('utf8');
    return String(v);
  });
}

export const ROWS_PER_READ = 500;

/**
 * A table's rows in key order, a page at a time (keyset pagination: memory
 * stays bounded whatever the table's size), as canonical value arrays.
 * Run it inside a transaction to read one snapshot.
 */
export async function* readRows(db: Kysely<any>, spec: TableSpec, pageSize = ROWS_PER_READ) {
  let after: unknown[] | undefined;
  const keys = spec.key.map((k) => sql.ref(k));
  for (;;) {
    let q = db
      .selectFrom(spec.name)
      .select(spec.columns.map((c) => c.name))
      .limit(pageSize);
    for (const k of spec.key) q = q.orderBy(k);
    if (after) {
      const last = after;
      q =
        spec.key.length === 1
          ? q.where(spec.key[0]!, '>', last[0])
          : q.where(sql<boolean>`(${sql.join(keys)}) > (${sql.join(last)})`);
    }
    const rows = (await q.execute()) as Record<string, unknown>[];
    for (const row of rows) yield canonicalRow(spec, row);
    if (rows.length < pageSize) return;
    const lastRow = rows[rows.length - 1]!;
    after = spec.key.map((k) => lastRow[k]);
  }
}

export async function checksumTable(db: Kysely<any>, spec: TableSpec): Promise<TableChecksum> {
  const digest = new TableDigest();
  for await (const values of readRows(db, spec)) digest.add(values);
  return digest.result();
}

/** Every site table's checksum; run inside a transaction for one snapshot. */
export async function checksumSite(
  db: Kysely<any>,
  specs?: TableSpec[],
): Promise<Record<string, TableChecksum>> {
  const out: Record<string, TableChecksum> = {};
  for (const spec of specs ?? (await siteTables(db))) out[spec.name] = await checksumTable(db, spec);
  return out;
}

/** Differences between two sets of table checksums, one line each (empty: equal). */
export function compareChecksums(
  expected: Record<string, TableChecksum>,
  actual: Record<string, TableChecksum>,
): string[] {
  const out: string[] = [];
  for (const name of new Set([...Object.keys(expected), ...Object.keys(actual)])) {
    const e = expected[name];
    const a = actual[name];
    if (!e) out.push(`table ${name}: not expected (${a!.rows} rows)`);
    else if (!a) out.push(`table ${name}: missing (expected ${e.rows} rows)`);
    else if (e.rows !== a.rows) out.push(`table ${name}: ${a.rows} rows, expected ${e.rows}`);
    else if (e.sha256 !== a.sha256) out.push(`table ${name}: checksum differs (${e.rows} rows)`);
  }
  return out;
}
