// The versions table (migration 0011): snapshots of an object's data taken
// at version points (each save of a versionable type, a revert, a check-in),
// numbered 0, 1, 2… per object. Unlike revisions, which `tessera pack` drops
// after N days, versions are history editors asked for and stay until the
// object is purged (docs/decisions/0029-versions-and-locks.md). Blobs are
// content-addressed, so versions share unchanged files with the object.
import type { StoredVersion, VersionInfo } from '@tessera/core';
import type { Kysely, Transaction } from 'kysely';

// Our own tables are typed here rather than in schema.ts (kept narrow so
// parallel work on the storage adapter merges cleanly).
type Db = Kysely<any> | Transaction<any>;

interface VersionRow {
  uid: string;
  version: number;
  tid: number;
  at: string;
  actor: string | null;
  comment: string;
  path: string;
  type: string;
  data?: string;
}

const META = ['uid', 'version', 'tid', 'at', 'actor', 'comment', 'path', 'type'] as const;

function toInfo(r: VersionRow): VersionInfo {
  return {
    version: Number(r.version),
    tid: Number(r.tid),
    at: r.at,
    actor: r.actor,
    comment: r.comment,
    path: r.path,
    type: r.type,
  };
}

/** Metadata of every version of an object, oldest first (no data: cheap for long histories). */
export async function listVersions(db: Db, uid: string): Promise<VersionInfo[]> {
  const rows = (await db
    .selectFrom('versions')
    .select([...META])
    .where('uid', '=', uid)
    .orderBy('version')
    .execute()) as VersionRow[];
  return rows.map(toInfo);
}

export async function findVersion(db: Db, uid: string, version: number): Promise<StoredVersion | undefined> {
  const row = (await db
    .selectFrom('versions')
    .selectAll()
    .where('uid', '=', uid)
    .where('version', '=', version)
    .executeTakeFirst()) as VersionRow | undefined;
  return row && { ...toInfo(row), uid: row.uid, data: JSON.parse(row.data!) };
}

/** Appends the next version of an object; returns its number. */
export async function insertVersion(
  db: Transaction<any>,
  v: Omit<StoredVersion, 'version'>,
): Promise<number> {
  // Writers hold the database's write lock for the whole transaction, so the
  // next number cannot be taken by anyone else meanwhile.
  const last = (await db
    .selectFrom('versions')
    .select((eb: any) => eb.fn.max('version').as('n'))
    .where('uid', '=', v.uid)
    .executeTakeFirst()) as { n: number | string | null } | undefined;
  const version = last?.n === null || last?.n === undefined ? 0 : Number(last.n) + 1;
  await db
    .insertInto('versions')
    .values({
      uid: v.uid,
      version,
      tid: v.tid,
      at: v.at,
      actor: v.actor,
      comment: v.comment,
      path: v.path,
      type: v.type,
      data: JSON.stringify(v.data),
    })
    .execute();
  return version;
}

/**
 * Path changes of an object (moves and renames) as its revisions record
 * them, with who and when from the transactions table: one entry per
 * revision whose path differs from the one before it. Most objects never
 * move, so the transactions are read only for the few changes found.
 */
export async function pathChanges(
  db: Db,
  uid: string,
): Promise<Array<{ tid: number; from: string; to: string; at: string | null; principal: string | null }>> {
  const rows = (await db
    .selectFrom('revisions')
    .select(['tid', 'path'])
    .where('uid', '=', uid)
    .orderBy('tid')
    .execute()) as Array<{ tid: number; path: string }>;
  const changes = [];
  for (let i = 1; i < rows.length; i++) {
    const prev = rows[i - 1]!;
    const row = rows[i]!;
    if (row.path !== prev.path) changes.push({ tid: Number(row.tid), from: prev.path, to: row.path });
  }
  if (!changes.length) return [];
  const txs = (await db
    .selectFrom('transactions')
    .select(['tid', 'at', 'principal'])
    .where(
      'tid',
      'in',
      changes.map((c) => c.tid),
    )
    .execute()) as Array<{ tid: number; at: string; principal: string | null }>;
  const byTid = new Map(txs.map((t) => [Number(t.tid), t]));
  return changes.map((c) => ({
    ...c,
    at: byTid.get(c.tid)?.at ?? null,
    principal: byTid.get(c.tid)?.principal ?? null,
  }));
}
