// `tessera check`: referential integrity of a site's storage, read only.
// Errors are damage (something a request would fail on or show wrongly);
// warnings are dangling relations, which Plone keeps too (the target was
// deleted). See docs/packing.md for how to read the report.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { TypeRegistry } from '@tessera/core';
import { sql } from 'kysely';
import { BLOB_CHUNK_BYTES, openDbBlob } from '../blobs/db-store.js';
import { type PackTarget, slices } from './batch.js';
import { type FileRef, fileRefs, portraitRef, scanJson } from './references.js';
import { scanRows } from './scan.js';

export interface Problem {
  level: 'error' | 'warning';
  /** What was checked: tree, catalog, history, blobs, relations. */
  area: string;
  message: string;
}

export interface CheckResult {
  problems: Problem[];
  counts: { objects: number; revisions: number; blobs: number; relations: number };
}

/** Rows fetched per kind of damage (the report says when there are more). */
const MAX_ROWS = 1000;

const HASH = /^[0-9a-f]{64}$/;

export async function checkIntegrity(
  target: PackTarget,
  opts: { checksums?: boolean } = {},
): Promise<CheckResult> {
  const problems: Problem[] = [];
  const counts = { objects: 0, revisions: 0, blobs: 0, relations: 0 };
  const report = (level: Problem['level'], area: string, message: string) =>
    problems.push({ level, area, message });
  const capped = <T>(area: string, rows: T[]): T[] => {
    if (rows.length > MAX_ROWS) report('error', area, `… and more (only the first ${MAX_ROWS} are listed)`);
    return rows.slice(0, MAX_ROWS);
  };

  await checkTree(target, report, capped);
  await checkCatalog(target, report, capped);
  await checkHistory(target, report, capped);
  await checkBlobs(target, opts.checksums ?? false, report, counts);
  await checkRelations(target, report, counts);
  const n = async (table: 'objects' | 'revisions') =>
    Number(
      (
        await target.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirst()
      )?.n ?? 0,
    );
  counts.objects = await n('objects');
  counts.revisions = await n('revisions');
  return { problems, counts };
}

type Report = (level: Problem['level'], area: string, message: string) => void;
type Capped = <T>(area: string, rows: T[]) => T[];

/** Every object's parent exists and its path is the parent's path plus its id; one root. */
async function checkTree(target: PackTarget, report: Report, capped: Capped) {
  const { db, caps } = target;
  const roots = await db
    .selectFrom('objects')
    .select(['uid', 'path'])
    .where('parent_uid', 'is', null)
    .execute();
  if (roots.length === 0) report('error', 'tree', 'there is no site root (an object without parent)');
  if (roots.length > 1)
    report(
      'error',
      'tree',
      `there are ${roots.length} objects without parent: ${roots.map((r) => r.uid).join(', ')}`,
    );
  for (const r of roots)
    if (r.path !== '')
      report('error', 'tree', `object ${r.uid} has no parent but its path is "${r.path}", not ""`);
  const expected =
    caps.name === 'mysql' ? sql<string>`concat(p.path, '/', o.id)` : sql<string>`p.path || '/' || o.id`;
  const rows = await sql<{
    uid: string;
    path: string;
    parent_uid: string;
    parent: string | null;
    expected: string;
  }>`
    select o.uid, o.path, o.parent_uid, p.uid as parent, ${expected} as expected
    from objects o left join objects p on p.uid = o.parent_uid
    where o.parent_uid is not null and (p.uid is null or o.path <> ${expected})
    order by o.path limit ${MAX_ROWS + 1}`.execute(db);
  for (const r of capped('tree', rows.rows)) {
    if (r.parent === null)
      report('error', 'tree', `${show(r.path)} (uid ${r.uid}): its parent ${r.parent_uid} does not exist`);
    else report('error', 'tree', `${show(r.path)} (uid ${r.uid}): its path should be ${show(r.expected)}`);
  }
}

const show = (path: string) => (path === '' ? '/ (the site root)' : path);

/** One catalog row per object (with the object's path), and no row of a dependent table without its owner. */
async function checkCatalog(target: PackTarget, report: Report, capped: Capped) {
  const { db } = target;
  const missing = await sql<{ uid: string; path: string }>`
    select o.uid, o.path from objects o left join catalog c on c.uid = o.uid
    where c.uid is null order by o.path limit ${MAX_ROWS + 1}`.execute(db);
  for (const r of capped('catalog', missing.rows))
    report('error', 'catalog', `${show(r.path)} (uid ${r.uid}) has no catalog entry (searches miss it)`);
  const stray = await sql<{ uid: string; path: string }>`
    select c.uid, c.path from catalog c left join objects o on o.uid = c.uid
    where o.uid is null order by c.path limit ${MAX_ROWS + 1}`.execute(db);
  for (const r of capped('catalog', stray.rows))
    report(
      'error',
      'catalog',
      `catalog entry for ${show(r.path)} (uid ${r.uid}) has no object (searches find it)`,
    );
  const moved = await sql<{ uid: string; path: string; cpath: string }>`
    select o.uid, o.path, c.path as cpath from objects o join catalog c on c.uid = o.uid
    where c.path <> o.path order by o.path limit ${MAX_ROWS + 1}`.execute(db);
  for (const r of capped('catalog', moved.rows))
    report('error', 'catalog', `${show(r.path)} (uid ${r.uid}) is catalogued at ${show(r.cpath)}`);
  const noAccess = await sql<{ uid: string; path: string }>`
    select c.uid, c.path from catalog c left join catalog_access a on a.rid = c.rid
    where a.rid is null order by c.path limit ${MAX_ROWS + 1}`.execute(db);
  for (const r of capped('catalog', noAccess.rows))
    report(
      'error',
      'catalog',
      `catalog entry for ${show(r.path)} (uid ${r.uid}) has no access row (searches miss it)`,
    );
  const orphans = [
    ['catalog_access', 'rid', 'catalog', 'rid'],
    ['catalog_keywords', 'rid', 'catalog', 'rid'],
    ['object_view', 'uid', 'objects', 'uid'],
  ] as const;
  for (const [table, column, owner, key] of orphans) {
    const r = await sql<{ n: number }>`
      select count(*) as n from ${sql.table(table)} t
      where not exists (select 1 from ${sql.table(owner)} o where o.${sql.ref(key)} = t.${sql.ref(column)})`.execute(
      db,
    );
    const n = Number(r.rows[0]?.n ?? 0);
    if (n > 0) report('error', 'catalog', `${n} ${table} rows belong to no ${owner} row`);
  }
}

/** Revisions and current rows name transactions that exist. */
async function checkHistory(target: PackTarget, report: Report, capped: Capped) {
  const { db } = target;
  for (const table of ['revisions', 'objects'] as const) {
    const rows = await sql<{ tid: number }>`
      select distinct r.tid from ${sql.table(table)} r left join transactions t on t.tid = r.tid
      where t.tid is null order by r.tid limit ${MAX_ROWS + 1}`.execute(db);
    const tids = capped('history', rows.rows).map((r) => Number(r.tid));
    if (tids.length)
      report('error', 'history', `${table} refer to transactions that do not exist: ${tids.join(', ')}`);
  }
}

interface Referrer extends FileRef {
  by: string;
}

/** Every blob an object, a revision, a user or an image scale refers to exists, with the recorded size. */
async function checkBlobs(
  target: PackTarget,
  checksums: boolean,
  report: Report,
  counts: CheckResult['counts'],
) {
  const { db } = target;
  const refs = new Map<string, Referrer[]>();
  const add = (ref: FileRef, by: string) => {
    const list = refs.get(ref.hash);
    if (!list) refs.set(ref.hash, [{ ...ref, by }]);
    else if (list.length < 3 && !list.some((r) => r.by === by && r.size === ref.size))
      list.push({ ...ref, by });
  };
  for await (const { json, row } of scanJson(db, 'objects'))
    if (json) for (const ref of fileRefs(json)) add(ref, show(String(row.path)));
  for await (const { json, row } of scanJson(db, 'revisions'))
    if (json) for (const ref of fileRefs(json)) add(ref, `revision ${row.tid} of ${show(String(row.path))}`);
  for await (const { json, row } of scanJson(db, 'versions'))
    if (json)
      for (const ref of fileRefs(json)) add(ref, `version ${row.version} of ${show(String(row.path))}`);
  for await (const { json, key } of scanJson(db, 'users')) {
    const ref = portraitRef(json);
    if (ref) add(ref, `the portrait of user ${key[0]}`);
  }
  for await (const r of scanRows<{ source: string; scale_key: string; blob: string; size: number }>(
    db,
    'image_scales',
    ['blob', 'size'],
    ['source', 'scale_key'],
  ))
    add({ hash: r.blob, size: Number(r.size) }, `image scale ${r.scale_key} of blob ${r.source}`);
  counts.blobs = refs.size;

  for (const hashes of slices([...refs.keys()], 200)) {
    const inDb = new Map(
      (await db.selectFrom('blobs').select(['hash', 'size']).where('hash', 'in', hashes).execute()).map(
        (r) => [r.hash, Number(r.size)],
      ),
    );
    const chunks = new Map(
      (
        await db
          .selectFrom('blob_chunks')
          .select(['hash', (eb) => eb.fn.countAll<number>().as('n')])
          .where('hash', 'in', [...inDb.keys(), ''])
          .groupBy('hash')
          .execute()
      ).map((r) => [r.hash, Number(r.n)]),
    );
    for (const hash of hashes) {
      const referrers = refs.get(hash)!;
      const who = referrers.map((r) => r.by).join('; ');
      let size: number | undefined;
      let file: string | undefined;
      if (target.blobDir && HASH.test(hash)) {
        const path = join(target.blobDir, hash.slice(0, 2), hash.slice(2, 4), hash);
        try {
          size = (await stat(path)).size;
          file = path;
        } catch {}
      }
      if (size === undefined && inDb.has(hash)) {
        size = inDb.get(hash)!;
        const expected = Math.ceil(size / BLOB_CHUNK_BYTES);
        const have = chunks.get(hash) ?? 0;
        if (have !== expected) {
          report('error', 'blobs', `blob ${hash} (${who}) has ${have} of its ${expected} chunks`);
          continue;
        }
      }
      if (size === undefined) {
        report('error', 'blobs', `blob ${hash} is missing (${who})`);
        continue;
      }
      for (const r of referrers)
        if (r.size !== undefined && r.size !== size)
          report('error', 'blobs', `blob ${hash} has ${size} bytes, ${r.by} records ${r.size}`);
      if (checksums) {
        const got = await digest(file ? createReadStream(file) : openDbBlob(db, hash));
        if (got.hash !== hash || got.size !== size)
          report('error', 'blobs', `blob ${hash} (${who}) is damaged: its content hashes to ${got.hash}`);
      }
    }
  }
}

async function digest(stream: AsyncIterable<Buffer>): Promise<{ hash: string; size: number }> {
  const h = createHash('sha256');
  let size = 0;
  for await (const chunk of stream) {
    h.update(chunk);
    size += chunk.length;
  }
  return { hash: h.digest('hex'), size };
}

const RELATION_FACTORIES = new Set(['Relation Choice', 'Relation List']);

/** UIDs in relation fields name existing objects (warnings: Plone keeps broken relations too). */
async function checkRelations(target: PackTarget, report: Report, counts: CheckResult['counts']) {
  const { db } = target;
  const registry = new TypeRegistry();
  const types = await db.selectFrom('types').select(['name', 'def']).execute();
  registry.load(types.map((t) => ({ name: t.name, def: JSON.parse(t.def) })));
  const fieldsOf = new Map<string, string[]>();
  for (const { name } of types) {
    const info = registry.get(name);
    if (!info) continue;
    const names = [...info.fields]
      .filter(([, f]) => RELATION_FACTORIES.has(f.schema.factory ?? ''))
      .map(([name]) => name);
    if (names.length) fieldsOf.set(name, names);
  }
  if (fieldsOf.size === 0) return;
  const pending: Array<{ path: string; field: string; uid: string }> = [];
  const flush = async () => {
    const uids = [...new Set(pending.map((p) => p.uid))];
    const found = new Set<string>();
    for (const part of slices(uids, 500))
      for (const r of await db.selectFrom('objects').select('uid').where('uid', 'in', part).execute())
        found.add(r.uid);
    for (const p of pending)
      if (!found.has(p.uid))
        report(
          'warning',
          'relations',
          `${show(p.path)}: ${p.field} refers to ${p.uid}, which does not exist`,
        );
    pending.length = 0;
  };
  let after: string | null = null;
  for (;;) {
    let q = db
      .selectFrom('objects')
      .select(['uid', 'path', 'type', 'data'])
      .where('type', 'in', [...fieldsOf.keys()]);
    if (after !== null) q = q.where('uid', '>', after);
    const rows = await q.orderBy('uid').limit(500).execute();
    for (const row of rows) {
      const data = JSON.parse(row.data) as Record<string, unknown>;
      for (const field of fieldsOf.get(row.type) ?? []) {
        const v = data[field];
        const uids =
          typeof v === 'string' ? [v] : Array.isArray(v) ? v.filter((x) => typeof x === 'string') : [];
        for (const uid of uids) {
          counts.relations++;
          pending.push({ path: row.path, field, uid });
        }
      }
    }
    if (pending.length >= 1000) await flush();
    if (rows.length < 500) break;
    after = rows[rows.length - 1].uid;
  }
  await flush();
}

/** The report `tessera check` prints. */
export function describeCheck(r: CheckResult): string {
  const errors = r.problems.filter((p) => p.level === 'error').length;
  const warnings = r.problems.length - errors;
  const lines = r.problems.map((p) => `${p.level}: ${p.area}: ${p.message}`);
  const c = r.counts;
  lines.push(
    `Checked ${c.objects} objects, ${c.revisions} revisions, ${c.blobs} referenced blobs, ${c.relations} relations: ` +
      `${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}.`,
  );
  return `${lines.join('\n')}\n`;
}
