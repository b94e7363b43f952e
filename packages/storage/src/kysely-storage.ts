// The Storage port implemented once with Kysely; the per-database folders
// only open connections and set dialect options.
import { AsyncLocalStorage } from 'node:async_hooks';
import { existsSync } from 'node:fs';
import type { Readable } from 'node:stream';
import {
  type ActiveWindow,
  type BlobInfo,
  type ByteRange,
  type CatalogPage,
  type CatalogQuery,
  type Changes,
  type ContentRecord,
  catalogEntry,
  defaultIndexerContext,
  type GroupRecord,
  type ImageScaleRecord,
  type IndexerContext,
  type LinkQuery,
  type LinkRow,
  type ListFilter,
  type LockRecord,
  type MemberKind,
  type NewContent,
  type Page,
  type PasswordReset,
  type PutBlobOptions,
  type ReadTx,
  type RedirectQuery,
  type SecurityDescriptor,
  type Storage,
  type StoredVersion,
  type TrashPlace,
  type TrashPurge,
  type TrashQuery,
  type TrashStamp,
  type TxMeta,
  type UserInput,
  type UserQuery,
  type UserRecord,
  type WriteTx,
} from '@tessera/core';
import {
  CompiledQuery,
  type Kysely,
  type Selectable,
  type SelectQueryBuilder,
  sql,
  type Transaction,
} from 'kysely';
import { dbBlobInfo, openDbBlob, putDbBlob } from './blobs/db-store.js';
import { FileBlobStore } from './blobs/file-store.js';
import { keywordValues, searchCatalog } from './catalog/search.js';
import { CatalogWriter } from './catalog/writer.js';
import { CommentsTable, CommentsWriter, removeCommentsOf } from './comments/comments-table.js';
import { contentRulesReader, contentRulesWriter } from './content-rules/rules-store.js';
import { asUnavailable, conflictExhausted, isRetryableConflict, WRITE_ATTEMPTS } from './db-errors.js';
import type { DialectCaps } from './dialect.js';
import { findLock, removeLock, upsertLock } from './history/locks.js';
import { findVersion, insertVersion, listVersions, pathChanges } from './history/versions.js';
import { findImageScale, insertImageScale } from './image-scales.js';
import * as links from './links/links-table.js';
import { migrateToLatest } from './migrations.js';
import { moveSubtree } from './moves/move-tree.js';
import { deleteRedirect, listRedirects, putRedirect, redirectFor } from './moves/redirects.js';
import { inSubtree } from './moves/subtree.js';
import { PreparedByCount, PreparedQuery } from './prepared.js';
import { toRecord } from './records.js';
import type { Database } from './schema.js';
import { siteAdminReader } from './site-admin/site-admin-reader.js';
import {
  forgetTranslations,
  setTranslationGroup,
  translationGroup,
} from './translations/translations-table.js';
import {
  purgeTrash,
  restoreTrash,
  type TrashHost,
  trashEntries,
  trashEntry,
  trashTree,
} from './trash/trash-store.js';
import { setTransactionNote, transactionNote } from './tx-notes/tx-notes.js';

// Detects a transaction opened inside another (it would wait forever for the
// connection its caller holds). AsyncLocalStorage turns on promise hooks for
// the whole process, which costs every request, so the guard is on in tests
// and development only (NODE_ENV=test|development).
export const NESTING_GUARD = process.env.NODE_ENV === 'test' || process.env.NODE_ENV === 'development';
const inTx = NESTING_GUARD ? new AsyncLocalStorage<boolean>() : undefined;
const insideTx = <T>(fn: () => Promise<T>): Promise<T> => (inTx ? inTx.run(true, fn) : fn());

const OWN_CHANGES_KEPT = 1000;
/** Most writes one group commit takes (bounds the first one's wait). */
const GROUP_COMMIT_MAX = 64;

interface WriteJob {
  meta: TxMeta;
  fn: (tx: RootWriteTx) => Promise<unknown>;
  resolve: (value: any) => void;
  reject: (err: unknown) => void;
}

type Row = Selectable<Database['objects']>;
type Db = Kysely<Database> | Transaction<Database>;

/**
 * The queries every request runs, compiled once per storage instance for its
 * dialect (prepared.ts) and executed on the request's transaction. Queries
 * that are rare (DDL, upserts, blobs, users) are built where they are used.
 */
class Queries {
  readonly byPath;
  readonly byUid;
  readonly children;
  readonly childrenPage;
  readonly countChildren;
  readonly childIdsAmong;
  readonly byPaths;
  readonly uidsByPaths;
  readonly lastTid;
  readonly maxPosition;
  readonly insertObject;
  readonly updateObject;
  readonly insertRevision;
  readonly insertTransaction;
  /** Catalog writes (their hot inserts compiled once too). */
  readonly catalog: CatalogWriter;
  readonly savepoint = CompiledQuery.raw('savepoint w');
  readonly releaseSavepoint = CompiledQuery.raw('release savepoint w');
  readonly rollbackToSavepoint = CompiledQuery.raw('rollback to savepoint w');

  constructor(db: Kysely<Database>, caps: DialectCaps) {
    this.catalog = new CatalogWriter(caps, db);
    const objects = () => db.selectFrom('objects');
    this.byPath = new PreparedQuery(1, (path: string) => objects().selectAll().where('path', '=', path));
    this.byUid = new PreparedQuery(1, (uid: string) => objects().selectAll().where('uid', '=', uid));
    this.children = new PreparedQuery(1, (parentUid: string) =>
      objects().selectAll().where('parent_uid', '=', parentUid).orderBy('position'),
    );
    this.childrenPage = new PreparedQuery(3, (parentUid: string, limit: number, offset: number) =>
      objects()
        .selectAll()
        .where('parent_uid', '=', parentUid)
        .orderBy('position')
        .limit(limit)
        .offset(offset),
    );
    this.countChildren = new PreparedQuery(1, (parentUid: string) =>
      objects()
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('parent_uid', '=', parentUid),
    );
    // Ids probed per create: 1 (a new title), 100 (base-1…base-100).
    this.childIdsAmong = new PreparedByCount(
      128,
      (ids, parentUid) =>
        objects()
          .select('id')
          .where('parent_uid', '=', parentUid as string)
          .where('id', 'in', ids as string[]),
      1,
    );
    // Ancestors: one path per level.
    this.byPaths = new PreparedByCount(64, (paths) =>
      objects()
        .selectAll()
        .where('path', 'in', paths as string[]),
    );
    this.uidsByPaths = new PreparedByCount(64, (paths) =>
      objects()
        .select('uid')
        .where('path', 'in', paths as string[]),
    );
    this.lastTid = new PreparedQuery(0, () =>
      db.selectFrom('transactions').select((eb) => eb.fn.max<number>('tid').as('tid')),
    );
    this.maxPosition = new PreparedQuery(1, (parentUid: string) =>
      objects()
        .select((eb) => eb.fn.max<number>('position').as('p'))
        .where('parent_uid', '=', parentUid),
    );
    this.insertObject = new PreparedQuery(
      13,
      (
        uid: string,
        parentUid: string | null,
        id: string,
        path: string,
        position: number,
        type: string,
        tid: number,
        created: string,
        modified: string,
        data: string,
        security: string,
        effective: string | null,
        expires: string | null,
      ) =>
        db.insertInto('objects').values({
          uid,
          parent_uid: parentUid,
          id,
          path,
          position,
          type,
          tid,
          created,
          modified,
          data,
          security,
          effective,
          expires,
        }),
    );
    this.updateObject = new PreparedQuery(4, (uid: string, data: string, modified: string, tid: number) =>
      db.updateTable('objects').set({ data, modified, tid }).where('uid', '=', uid),
    );
    this.insertRevision = new PreparedQuery(
      6,
      (uid: string, tid: number, path: string, type: string, data: string, deleted: number) =>
        db.insertInto('revisions').values({ uid, tid, path, type, data, deleted }),
    );
    // The new tid: from the driver's insert id where it has one, else RETURNING.
    this.insertTransaction = new PreparedQuery(
      4,
      (at: string, principal: string | null, note: string, path: string) => {
        const q = db.insertInto('transactions').values({ at, principal, note, path });
        return caps.insertId ? q : q.returning('tid');
      },
    );
  }
}

export { toRecord } from './records.js';

function toUser(row: Selectable<Database['users']>): UserRecord {
  return {
    id: row.id,
    login: row.login,
    fullname: row.fullname,
    email: row.email,
    passwordHash: row.password_hash,
    roles: JSON.parse(row.roles),
    properties: row.properties ? JSON.parse(row.properties) : {},
    tokenGen: Number(row.token_gen ?? 0),
    tid: Number(row.tid),
  };
}

const depth = (path: string) => path.split('/').length;

/**
 * The security filter of a listing, in SQL: one of the principal's tokens
 * among the object's view tokens, and (unless the principal may see inactive
 * content) the publication window open at `activeAt`.
 */
function visibleTo<Q extends SelectQueryBuilder<Database, 'objects', any>>(q: Q, filter?: ListFilter): Q {
  if (!filter) return q;
  let out = q.where((eb) =>
    eb.exists(
      eb
        .selectFrom('object_view')
        .select('object_view.uid')
        .whereRef('object_view.uid', '=', 'objects.uid')
        .where('object_view.token', 'in', filter.tokens),
    ),
  ) as Q;
  if (filter.activeAt !== null) {
    const now = filter.activeAt;
    out = out
      .where((eb) => eb.or([eb('objects.effective', 'is', null), eb('objects.effective', '<=', now)]))
      .where((eb) => eb.or([eb('objects.expires', 'is', null), eb('objects.expires', '>', now)])) as Q;
  }
  return out;
}

function toGroup(row: Selectable<Database['principal_groups']>): GroupRecord {
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    email: row.email,
    roles: JSON.parse(row.roles),
    tid: Number(row.tid),
  };
}

/**
 * `lower(column) LIKE '%text%'`, case-insensitive on every database, with the
 * wildcards in `text` taken literally. The escape character is '!' because a
 * backslash is read differently in SQLite, PostgreSQL and MySQL literals.
 */
function containsCi(column: string, text: string) {
  const pattern = `%${text.toLowerCase().replace(/[!%_]/g, (c) => `!${c}`)}%`;
  return sql<boolean>`lower(${sql.ref(column)}) like ${pattern} escape '!'`;
}

/**
 * A revision's JSON: the object's data with `created` and `modified` added —
 * JSON.stringify({ ...data, created, modified }), reusing the data's JSON.
 */
export function revisionJson(rec: ContentRecord, dataJson = JSON.stringify(rec.data)): string {
  if (Object.hasOwn(rec.data, 'created') || Object.hasOwn(rec.data, 'modified') || dataJson[0] !== '{')
    return JSON.stringify({ ...rec.data, created: rec.created, modified: rec.modified });
  const tail = `"created":${JSON.stringify(rec.created)},"modified":${JSON.stringify(rec.modified)}}`;
  return dataJson === '{}' ? `{${tail}` : `${dataJson.slice(0, -1)},${tail}`;
}

class KyselyReadTx implements ReadTx {
  constructor(
    protected readonly db: Db,
    private readonly root: Kysely<Database>,
    protected readonly caps: DialectCaps,
    protected readonly q: Queries,
    /** Set when new blobs go to files; blobs stored earlier in the database stay readable. */
    protected readonly files: FileBlobStore | undefined,
  ) {}

  /** Every record this transaction reads passes through here. */
  protected record(row: Row): ContentRecord {
    return toRecord(row);
  }

  async byPath(path: string) {
    const row = (await this.q.byPath.run(this.db, path)).rows[0];
    return row && this.record(row);
  }

  async byUid(uid: string) {
    const row = (await this.q.byUid.run(this.db, uid)).rows[0];
    return row && this.record(row);
  }

  async children(parentUid: string, page?: Page, filter?: ListFilter) {
    if (filter) {
      let q = this.db.selectFrom('objects').selectAll().where('parent_uid', '=', parentUid);
      q = visibleTo(q, filter).orderBy('position');
      if (page) q = q.limit(page.limit).offset(page.start);
      return (await q.execute()).map((r) => this.record(r));
    }
    const { rows } = page
      ? await this.q.childrenPage.run(this.db, parentUid, page.limit, page.start)
      : await this.q.children.run(this.db, parentUid);
    return rows.map((r) => this.record(r));
  }

  async countChildren(parentUid: string, filter?: ListFilter) {
    if (filter) {
      const q = this.db
        .selectFrom('objects')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('parent_uid', '=', parentUid);
      const counted = await visibleTo(q, filter).executeTakeFirstOrThrow();
      return Number(counted.n);
    }
    const row = (await this.q.countChildren.run(this.db, parentUid)).rows[0]!;
    return Number(row.n);
  }

  async ofTypes(types: string[]) {
    if (!types.length) return [];
    const rows = await this.db.selectFrom('objects').selectAll().where('type', 'in', types).execute();
    return rows.map(toRecord).sort((a, b) => depth(a.path) - depth(b.path) || a.position - b.position);
  }

  async descendants(path: string) {
    const rows = await this.db
      .selectFrom('objects')
      .selectAll()
      .where(inSubtree(this.caps, 'path', path, false))
      .where('path', '<>', path)
      .execute();
    return rows.map(toRecord).sort((a, b) => depth(a.path) - depth(b.path) || a.position - b.position);
  }

  async childIdExists(parentUid: string, id: string) {
    return (await this.childIdsAmong(parentUid, [id])).has(id);
  }

  async childIdsAmong(parentUid: string, ids: string[]) {
    if (ids.length === 0) return new Set<string>();
    const { rows } = await this.q.childIdsAmong.run(this.db, ids, parentUid);
    return new Set(rows.map((r) => r.id));
  }

  async ancestors(path: string) {
    if (path === '') return [];
    const segments = path.split('/').slice(1, -1);
    const paths = [''];
    let acc = '';
    for (const s of segments) {
      acc += `/${s}`;
      paths.push(acc);
    }
    const { rows } = await this.q.byPaths.run(this.db, paths);
    return rows.map((r) => this.record(r)).sort((a, b) => a.path.length - b.path.length);
  }

  async revisions(uid: string) {
    const rows = await this.db
      .selectFrom('revisions')
      .select(['tid', 'data', 'deleted'])
      .where('uid', '=', uid)
      .orderBy('tid')
      .execute();
    return rows.map((r) => ({ tid: Number(r.tid), data: JSON.parse(r.data), deleted: Boolean(r.deleted) }));
  }

  async lastTid() {
    const row = (await this.q.lastTid.run(this.db)).rows[0];
    return Number(row?.tid ?? 0);
  }

  transactionNote(tid: number) {
    return transactionNote(this.db, tid);
  }

  async getSetting<T>(key: string) {
    const row = await this.db
      .selectFrom('settings')
      .select('value')
      .where('key', '=', key)
      .executeTakeFirst();
    return row ? (JSON.parse(row.value) as T) : undefined;
  }

  async listTypes() {
    const rows = await this.db.selectFrom('types').select(['name', 'def']).orderBy('name').execute();
    return rows.map((r) => ({ name: r.name, def: JSON.parse(r.def) }));
  }

  async userById(id: string) {
    const row = await this.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toUser(row);
  }

  async userByLogin(login: string) {
    const row = await this.db.selectFrom('users').selectAll().where('login', '=', login).executeTakeFirst();
    return row && toUser(row);
  }

  async listUsers(q: UserQuery = {}) {
    let query = this.db.selectFrom('users').selectAll();
    const { search, idContains } = q;
    if (search)
      query = query.where((eb) =>
        eb.or(['id', 'login', 'fullname', 'email'].map((c) => containsCi(c, search))),
      );
    if (idContains) query = query.where((eb) => eb.or(['id', 'login'].map((c) => containsCi(c, idContains))));
    if (q.limit) query = query.orderBy('id').limit(q.limit);
    return (await query.execute()).map(toUser);
  }

  async groupById(id: string) {
    const row = await this.db
      .selectFrom('principal_groups')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row && toGroup(row);
  }

  async listGroups(q: { search?: string; limit?: number } = {}) {
    let query = this.db.selectFrom('principal_groups').selectAll();
    const { search } = q;
    if (search) query = query.where((eb) => eb.or(['id', 'title'].map((c) => containsCi(c, search))));
    if (q.limit) query = query.orderBy('id').limit(q.limit);
    return (await query.execute()).map(toGroup);
  }

  async groupMembers(groupId: string) {
    const rows = await this.db
      .selectFrom('group_members')
      .select(['kind', 'member_id'])
      .where('group_id', '=', groupId)
      .execute();
    return rows.map((r) => ({ kind: r.kind as MemberKind, id: r.member_id }));
  }

  async memberOf(kind: MemberKind, id: string) {
    const rows = await this.db
      .selectFrom('group_members')
      .select('group_id')
      .where('member_id', '=', id)
      .where('kind', '=', kind)
      .execute();
    return rows.map((r) => r.group_id);
  }

  async passwordReset(tokenHash: string): Promise<PasswordReset | undefined> {
    const row = await this.db
      .selectFrom('password_resets')
      .selectAll()
      .where('token_hash', '=', tokenHash)
      .executeTakeFirst();
    return row && { userId: row.user_id, expires: row.expires };
  }

  async revokedSessions(now: string) {
    const rows = await this.db
      .selectFrom('revoked_sessions')
      .select('sid')
      .where('expires', '>', now)
      .execute();
    return rows.map((r) => r.sid);
  }

  async blobInfo(hash: string) {
    return (await this.files?.info(hash)) ?? (await dbBlobInfo(this.db, hash));
  }

  search(q: CatalogQuery, opts: { filter: ListFilter | null; page: CatalogPage }) {
    return searchCatalog(this.db, this.caps, q, opts);
  }

  keywordValues(index: string, filter: ListFilter | null) {
    return keywordValues(this.db, this.caps, index, filter);
  }

  async blobTextsKnown(hashes: string[]): Promise<Set<string>> {
    if (hashes.length === 0) return new Set();
    const rows = await this.db.selectFrom('blob_texts').select('hash').where('hash', 'in', hashes).execute();
    return new Set(rows.map((r) => r.hash));
  }

  openBlob(hash: string, range?: ByteRange): Readable {
    // A blob is in the file store or, stored before it was configured (or on
    // a database store), in the database.
    const file = this.files?.pathOf(hash);
    if (file && existsSync(file)) return this.files!.open(hash, range);
    return openDbBlob(this.root, hash, range);
  }

  trashEntries(q: TrashQuery) {
    return trashEntries(this.db, q);
  }

  siteAdmin() {
    return siteAdminReader(this.db, this.caps, this.files !== undefined);
  }

  trashEntry(uid: string) {
    return trashEntry(this.db, uid, toRecord);
  }

  imageScale(source: string, key: string) {
    return findImageScale(this.db, source, key);
  }

  links(q: LinkQuery, filter?: ListFilter | null) {
    return links.queryLinks(this.db, q, filter);
  }

  incomingLinks(paths: string[], filter?: ListFilter | null) {
    return links.incomingLinks(this.db, paths, filter);
  }

  linkStats(filter?: ListFilter | null) {
    return links.linkStats(this.db, filter);
  }

  brokenLinks(relation?: string) {
    return links.brokenLinks(this.db, relation);
  }

  versions(uid: string) {
    return listVersions(this.db, uid);
  }

  version(uid: string, version: number) {
    return findVersion(this.db, uid, version);
  }

  pathChanges(uid: string) {
    return pathChanges(this.db, uid);
  }

  lock(uid: string) {
    return findLock(this.db, uid);
  }

  redirectFor(paths: string[]) {
    return redirectFor(this.db, paths);
  }

  listRedirects(q: RedirectQuery) {
    return listRedirects(this.db, q);
  }

  translationGroup(uid: string) {
    return translationGroup(this.db, uid);
  }

  get comments(): CommentsTable {
    return new CommentsTable(this.db);
  }

  contentRules() {
    return contentRulesReader(this.db);
  }
}

class KyselyWriteTx extends KyselyReadTx implements WriteTx {
  constructor(
    protected override readonly db: Transaction<Database>,
    root: Kysely<Database>,
    caps: DialectCaps,
    q: Queries,
    files: FileBlobStore | undefined,
    readonly tid: number,
    private readonly indexer: IndexerContext,
  ) {
    super(db, root, caps, q, files);
  }

  override get comments(): CommentsWriter {
    return new CommentsWriter(this.db);
  }

  override contentRules() {
    return contentRulesWriter(this.db);
  }

  private get catalog(): CatalogWriter {
    return this.q.catalog;
  }

  /**
   * Keeps the catalog entry of `rec` in step with it, in this transaction
   * (`view`: for a new entry). Its links follow its data: `links` 'fresh' for
   * a brand-new object (nothing to replace), 'keep' when the data did not
   * change (security, extracted file text), else they are replaced.
   */
  private async index(
    rec: ContentRecord,
    opts: { isNew: boolean; view?: string[]; links?: 'fresh' | 'replace' | 'keep' },
  ) {
    const entry = catalogEntry(rec, this.indexer);
    const blobs = fileBlobsOf(rec, this.indexer);
    if (blobs.length) {
      // The words inside its files, extracted once per blob (putBlobText).
      const rows = await this.db.selectFrom('blob_texts').select('text').where('hash', 'in', blobs).execute();
      const texts = rows.map((r) => r.text).filter(Boolean);
      if (texts.length) entry.text.body = [entry.text.body, ...texts].join(' ').slice(0, MAX_INDEXED_TEXT);
    }
    const linkMode = opts.links ?? 'replace';
    if (linkMode !== 'keep')
      await links.syncLinks(this.db, rec, this.indexer, { fresh: linkMode === 'fresh' });
    return this.catalog.index(this.db, entry, opts);
  }

  addLink(link: LinkRow) {
    return links.addLink(this.db, link);
  }

  removeLinks(by: Partial<LinkRow>) {
    return links.removeLinks(this.db, by);
  }

  rebuildLinks() {
    return links.rebuildLinks(this.db, this.indexer, toRecord);
  }

  async putBlobText(hash: string, text: string, reindex: string[]) {
    await this.upsert('blob_texts', { hash, text }, ['hash'], { text });
    for (const uid of reindex) {
      const rec = await this.byUid(uid);
      if (rec) await this.index(rec, { isNew: false, links: 'keep' });
    }
  }

  async reindexCatalog() {
    await this.catalog.clear(this.db);
    // In creation order: unsorted results come in catalog order.
    const rows = await this.db.selectFrom('objects').selectAll().orderBy('created').orderBy('path').execute();
    const views = new Map<string, string[]>();
    for (const v of await this.db.selectFrom('object_view').select(['uid', 'token']).execute()) {
      const list = views.get(v.uid);
      if (list) list.push(v.token);
      else views.set(v.uid, [v.token]);
    }
    for (const row of rows) await this.index(toRecord(row), { isNew: true, view: views.get(row.uid) ?? [] });
    return rows.length;
  }

  /**
   * Paths of the objects this transaction has read or written, by uid. A
   * write transaction holds the database's write lock (SQLite's one writer,
   * the commit_lock row elsewhere) from its first statement, so nobody else
   * moves or deletes them meanwhile; its own deleteTree() forgets them.
   */
  private readonly knownPaths = new Map<string, string>();

  protected override record(row: Row): ContentRecord {
    const rec = toRecord(row);
    this.knownPaths.set(rec.uid, rec.path);
    return rec;
  }

  /** INSERT, or UPDATE the row with the same key: ON CONFLICT or ON DUPLICATE KEY. */
  private async upsert<T extends keyof Database & string>(
    table: T,
    values: Record<string, unknown>,
    keys: string[],
    update: Record<string, unknown>,
  ) {
    const q = this.db.insertInto(table).values(values as any);
    if (this.caps.onConflict)
      await q.onConflict((oc) => oc.columns(keys as any).doUpdateSet(update as any)).execute();
    else await q.onDuplicateKeyUpdate(update as any).execute();
  }

  /** Objects that already have a revision row in this transaction. */
  private readonly revised = new Set<string>();

  /** What this transaction changed, reported to changesSince() once committed. */
  readonly changes: Changes = { lastTid: 0, uids: [], types: false, users: false, settings: false };

  /** `dataJson`: JSON.stringify(rec.data) when the caller has it already. */
  private async writeRevision(rec: ContentRecord, deleted = false, dataJson?: string) {
    // The parent's listing changed too (as changesSince reports for other processes).
    this.changes.uids.push(rec.uid);
    if (rec.parentUid !== null) this.changes.uids.push(rec.parentUid);
    // One revision per object per transaction: a second change in the same
    // transaction replaces it (the first is a plain insert).
    const data = revisionJson(rec, dataJson);
    const row = {
      uid: rec.uid,
      tid: this.tid,
      path: rec.path,
      type: rec.type,
      data,
      deleted: deleted ? 1 : 0,
    };
    if (!this.revised.has(rec.uid)) {
      this.revised.add(rec.uid);
      await this.q.insertRevision.run(this.db, row.uid, row.tid, row.path, row.type, data, row.deleted);
    } else {
      await this.upsert('revisions', row, ['uid', 'tid'], { data, path: rec.path, deleted: row.deleted });
    }
  }

  /** writeRevision for many objects: one multi-row INSERT per batch for those without a revision yet. */
  private async writeRevisions(recs: ContentRecord[], deleted: boolean) {
    const fresh: ContentRecord[] = [];
    for (const rec of recs) {
      if (this.revised.has(rec.uid)) await this.writeRevision(rec, deleted);
      else fresh.push(rec);
    }
    for (let i = 0; i < fresh.length; i += 200) {
      const rows = fresh.slice(i, i + 200).map((rec) => {
        this.revised.add(rec.uid);
        this.changes.uids.push(rec.uid);
        if (rec.parentUid !== null) this.changes.uids.push(rec.parentUid);
        const data = revisionJson(rec);
        return {
          uid: rec.uid,
          tid: this.tid,
          path: rec.path,
          type: rec.type,
          data,
          deleted: deleted ? 1 : 0,
        };
      });
      await this.db.insertInto('revisions').values(rows).execute();
    }
  }

  /** The path of an object, from what this transaction has seen or else the database. */
  private async pathOf(uid: string): Promise<string | undefined> {
    const known = this.knownPaths.get(uid);
    if (known !== undefined) return known;
    return (await this.byUid(uid))?.path;
  }

  async insert(rec: NewContent) {
    // The caller has usually just read the parent in this transaction (it
    // traversed to it), so its path is known without another query.
    const parentPath = await this.pathOf(rec.parentUid);
    if (parentPath === undefined) throw new Error(`parent ${rec.parentUid} does not exist`);
    const max = (await this.q.maxPosition.run(this.db, rec.parentUid)).rows[0];
    const { view, effective, expires, ...rest } = rec;
    const record: ContentRecord = {
      ...rest,
      path: `${parentPath}/${rec.id}`,
      position: max?.p == null ? 0 : Number(max.p) + 1,
      tid: this.tid,
    };
    await this.insertRow(record, view, { effective, expires });
    return record;
  }

  private async insertRow(record: ContentRecord, view: string[], window: ActiveWindow) {
    const data = JSON.stringify(record.data);
    await this.q.insertObject.run(
      this.db,
      record.uid,
      record.parentUid,
      record.id,
      record.path,
      record.position,
      record.type,
      record.tid,
      record.created,
      record.modified,
      data,
      JSON.stringify(record.security),
      window.effective,
      window.expires,
    );
    this.knownPaths.set(record.uid, record.path);
    await this.insertView(record.uid, view);
    await this.writeRevision(record, false, data);
    await this.index(record, { isNew: true, view, links: 'fresh' });
  }

  private async insertView(uid: string, view: string[]) {
    if (view.length)
      await this.db
        .insertInto('object_view')
        .values(view.map((token) => ({ uid, token })))
        .execute();
  }

  private readonly invalidated = new Set<string>();

  async setSecurity(uid: string, security: SecurityDescriptor, view: string[]) {
    // Cached listings of its container change too (the object may appear or vanish).
    const row = await this.db
      .selectFrom('objects')
      .select('parent_uid')
      .where('uid', '=', uid)
      .executeTakeFirst();
    const fresh = [uid, row?.parent_uid].filter((u): u is string => !!u && !this.invalidated.has(u));
    if (fresh.length) {
      for (const u of fresh) this.invalidated.add(u);
      this.changes.uids.push(...fresh);
      await this.db
        .insertInto('object_changes')
        .values(fresh.map((u) => ({ tid: this.tid, uid: u })))
        .execute();
    }
    await this.db
      .updateTable('objects')
      .set({ security: JSON.stringify(security) })
      .where('uid', '=', uid)
      .execute();
    await this.db.deleteFrom('object_view').where('uid', '=', uid).execute();
    await this.insertView(uid, view);
    // The catalog's copies of the view tokens (catalog_access, and the full
    // text where the engine indexes them) follow.
    const rec = await this.byUid(uid);
    if (rec) await this.index(rec, { isNew: false, view, links: 'keep' });
  }

  /** Inserts the site root (no parent). */
  async insertRoot(rec: Omit<NewContent, 'parentUid'>) {
    const { view, effective, expires, ...rest } = rec;
    const record: ContentRecord = { ...rest, parentUid: null, path: '', position: 0, tid: this.tid };
    await this.insertRow(record, view, { effective, expires });
    return record;
  }

  async update(
    uid: string,
    patch: { data?: Record<string, unknown>; modified?: string; window?: ActiveWindow },
  ) {
    const current = await this.byUid(uid);
    if (!current) throw new Error(`object ${uid} does not exist`);
    const next: ContentRecord = {
      ...current,
      data: patch.data ?? current.data,
      modified: patch.modified ?? current.modified,
      tid: this.tid,
    };
    const data = JSON.stringify(next.data);
    await this.q.updateObject.run(this.db, uid, data, next.modified, this.tid);
    if (patch.window)
      await this.db
        .updateTable('objects')
        .set({ effective: patch.window.effective, expires: patch.window.expires })
        .where('uid', '=', uid)
        .execute();
    await this.writeRevision(next, false, data);
    await this.index(next, { isNew: false });
    return next;
  }

  async deleteTree(uid: string) {
    const target = await this.byUid(uid);
    if (!target) return [];
    const rows = await this.db
      .selectFrom('objects')
      .selectAll()
      .where(inSubtree(this.caps, 'path', target.path, false))
      .execute();
    for (const row of rows) await this.writeRevision(toRecord(row), true);
    const uids = rows.map((r) => r.uid);
    await this.db.deleteFrom('object_view').where('uid', 'in', uids).execute();
    await this.catalog.unindex(this.db, uids);
    await links.forgetSources(this.db, uids);
    await forgetTranslations(this.db, uids);
    await removeCommentsOf(this.db, uids);
    await (this.db as Transaction<any>)
      .deleteFrom('content_rule_assignments')
      .where('container_uid', 'in', uids)
      .execute();
    await this.db.deleteFrom('objects').where('uid', 'in', uids).execute();
    for (const uid of uids) this.knownPaths.delete(uid);
    return uids;
  }

  /** The steps of this transaction the trash (trash/trash-store.ts) needs. */
  private get trashHost(): TrashHost {
    return {
      db: this.db,
      tid: this.tid,
      toRecord: (row) => this.record(row),
      writeRevisions: (recs, deleted) => this.writeRevisions(recs, deleted),
      index: (rec, view) => this.index(rec, { isNew: true, view }),
      unindex: (uids) => this.catalog.unindex(this.db, uids),
      forget: (uid) => this.knownPaths.delete(uid),
    };
  }

  trashTree(uid: string, stamp: TrashStamp) {
    return trashTree(this.trashHost, uid, stamp);
  }

  async restoreTrash(uid: string, place: TrashPlace) {
    const parentPath = await this.pathOf(place.parentUid);
    if (parentPath === undefined) throw new Error(`parent ${place.parentUid} does not exist`);
    return restoreTrash(this.trashHost, uid, { ...place, parentPath });
  }

  purgeTrash(which: TrashPurge) {
    return purgeTrash(this.db, which);
  }

  async moveTree(uid: string, newParentUid: string, newId: string) {
    const root = await this.byUid(uid);
    const parent = await this.byUid(newParentUid);
    if (!root || !parent) throw new Error(`moveTree: ${root ? newParentUid : uid} does not exist`);
    const result = await moveSubtree(this.db, this.caps, { root, newParent: parent, newId, tid: this.tid });
    if (result.oldPath === result.newPath) return result;
    // moveSubtree logged the moved objects and both parents in object_changes.
    this.knownPaths.clear();
    const logged = [...result.uids, parent.uid, ...(root.parentUid ? [root.parentUid] : [])];
    // A loop, not push(...logged): a spread of 100,000s of arguments overflows the stack.
    for (const u of logged) {
      this.invalidated.add(u);
      this.changes.uids.push(u);
    }
    // One revision, for the moved root: its history shows the move.
    const moved = (await this.byUid(uid))!;
    await this.writeRevision(moved);
    await this.index(moved, { isNew: false });
    return result;
  }

  putRedirect(r: { path: string; targetUid: string; created: string; manual: boolean }) {
    return putRedirect(this.db, r);
  }

  deleteRedirect(path: string, targetUid?: string) {
    return deleteRedirect(this.db, path, targetUid);
  }

  async setOrder(parentUid: string, orderedIds: string[]) {
    for (const [position, id] of orderedIds.entries()) {
      await this.db
        .updateTable('objects')
        .set({ position })
        .where('parent_uid', '=', parentUid)
        .where('id', '=', id)
        .execute();
      await this.catalog.setPosition(this.db, parentUid, id, position);
    }
  }

  setTransactionNote(note: string) {
    return setTransactionNote(this.db, this.tid, note);
  }

  async setSetting(key: string, value: unknown) {
    this.changes.settings = true;
    const json = JSON.stringify(value);
    await this.upsert('settings', { key, value: json, tid: this.tid }, ['key'], {
      value: json,
      tid: this.tid,
    });
  }

  async putType(name: string, def: unknown) {
    this.changes.types = true;
    const json = JSON.stringify(def);
    await this.upsert('types', { name, def: json, tid: this.tid }, ['name'], { def: json, tid: this.tid });
  }

  async deleteType(name: string) {
    this.changes.types = true;
    await this.db.deleteFrom('types').where('name', '=', name).execute();
  }

  /** Every principal change moves principals_version, so changesSince() sees deletions too. */
  private async principalsChanged() {
    this.changes.users = true;
    await this.db.updateTable('principals_version').set({ tid: this.tid }).where('id', '=', 1).execute();
  }

  async putUser(user: UserInput) {
    await this.principalsChanged();
    const values: Record<string, unknown> = {
      id: user.id,
      login: user.login,
      fullname: user.fullname,
      email: user.email,
      password_hash: user.passwordHash,
      roles: JSON.stringify(user.roles),
      tid: this.tid,
    };
    if (user.properties !== undefined) values.properties = JSON.stringify(user.properties);
    if (user.tokenGen !== undefined) values.token_gen = user.tokenGen;
    const insert = { properties: '{}', token_gen: 0, ...values };
    await this.upsert('users', insert, ['id'], values);
  }

  async deleteUser(id: string) {
    await this.principalsChanged();
    await this.db
      .deleteFrom('group_members')
      .where('kind', '=', 'user')
      .where('member_id', '=', id)
      .execute();
    await this.db.deleteFrom('password_resets').where('user_id', '=', id).execute();
    const r = await this.db.deleteFrom('users').where('id', '=', id).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  async putGroup(group: Omit<GroupRecord, 'tid'>) {
    await this.principalsChanged();
    const values = {
      id: group.id,
      title: group.title,
      description: group.description,
      email: group.email,
      roles: JSON.stringify(group.roles),
      tid: this.tid,
    };
    await this.upsert('principal_groups', values, ['id'], values);
  }

  async deleteGroup(id: string) {
    await this.principalsChanged();
    await this.db.deleteFrom('group_members').where('group_id', '=', id).execute();
    await this.db
      .deleteFrom('group_members')
      .where('kind', '=', 'group')
      .where('member_id', '=', id)
      .execute();
    const r = await this.db.deleteFrom('principal_groups').where('id', '=', id).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  async addMember(groupId: string, kind: MemberKind, memberId: string) {
    await this.principalsChanged();
    const values = { group_id: groupId, kind, member_id: memberId };
    await this.upsert('group_members', values, ['group_id', 'kind', 'member_id'], { kind });
  }

  async removeMember(groupId: string, kind: MemberKind, memberId: string) {
    await this.principalsChanged();
    await this.db
      .deleteFrom('group_members')
      .where('group_id', '=', groupId)
      .where('kind', '=', kind)
      .where('member_id', '=', memberId)
      .execute();
  }

  async putPasswordReset(tokenHash: string, reset: PasswordReset) {
    await this.db
      .insertInto('password_resets')
      .values({ token_hash: tokenHash, user_id: reset.userId, expires: reset.expires })
      .execute();
  }

  async deletePasswordResets(by: { tokenHash: string } | { userId: string }) {
    const q = this.db.deleteFrom('password_resets');
    await ('tokenHash' in by
      ? q.where('token_hash', '=', by.tokenHash)
      : q.where('user_id', '=', by.userId)
    ).execute();
  }

  async revokeSession(session: { sid: string; userId: string; expires: string }) {
    // Other processes learn of it through the principals change.
    await this.principalsChanged();
    await this.db.deleteFrom('revoked_sessions').where('expires', '<=', new Date().toISOString()).execute();
    const values = { sid: session.sid, user_id: session.userId, expires: session.expires };
    await this.upsert('revoked_sessions', values, ['sid'], { expires: session.expires });
  }

  addVersion(v: Omit<StoredVersion, 'version' | 'tid'>) {
    return insertVersion(this.db, { ...v, tid: this.tid });
  }

  async putLock(lock: LockRecord) {
    await upsertLock(this.db, this.caps, lock);
    await this.changedWithoutRevision(lock.uid);
  }

  /** A translation shows in the object's serialization (@components.translations): caches drop it. */
  async setTranslationGroup(uid: string, group: string | null) {
    await setTranslationGroup(this.db, uid, group);
    await this.changedWithoutRevision(uid);
  }

  async deleteLock(uid: string) {
    const removed = await removeLock(this.db, uid);
    if (removed) await this.changedWithoutRevision(uid);
    return removed;
  }

  /** A lock shows in the object's serialization: other processes' caches must drop it (changesSince). */
  private async changedWithoutRevision(uid: string) {
    if (this.invalidated.has(uid)) return;
    this.invalidated.add(uid);
    this.changes.uids.push(uid);
    await this.db.insertInto('object_changes').values({ tid: this.tid, uid }).execute();
  }

  putBlob(source: AsyncIterable<Uint8Array> | Uint8Array, opts?: PutBlobOptions): Promise<BlobInfo> {
    if (this.files) return this.files.put(source, opts);
    return putDbBlob(this.db, (fn) => fn(this.db), source, opts);
  }
}

/** Most characters of SearchableText body indexed per object (fields and file text together). */
const MAX_INDEXED_TEXT = 2_000_000;

/** The blob hashes in a record's file (not image) fields. */
function fileBlobsOf(rec: ContentRecord, indexer: IndexerContext): string[] {
  const out: string[] = [];
  for (const f of indexer.fileFields(rec.type)) {
    if (f.image) continue;
    const blob = (rec.data[f.name] as { blob?: unknown } | null | undefined)?.blob;
    if (typeof blob === 'string') out.push(blob);
  }
  return out;
}

/**
 * A synchronous, nearly free answer to "may another connection have committed
 * since the last call?" (SQLite's PRAGMA data_version). Without one, every
 * changesSince() asks the database.
 */
export type ForeignCommitProbe = () => boolean;

/**
 * Makes commits durable after the fact (SQLite with synchronous=NORMAL, see
 * sqlite/wal-sync.ts): durable() resolves once everything committed before
 * the call is on stable storage. Writes are acknowledged only then.
 */
export interface CommitDurability {
  durable(): Promise<void>;
  close(): Promise<void>;
}

export interface KyselyStorageOptions {
  foreignCommits?: ForeignCommitProbe;
  durability?: CommitDurability;
  /** Keep new blobs as files in this directory (else in the database). */
  blobDir?: string;
  /** The connection pool's figures, for /metrics (PostgreSQL and MariaDB pools). */
  poolStats?: () => PoolStats;
}

/** Connections of a database pool: open, idle, and queries waiting for one. */
export interface PoolStats {
  total: number;
  idle: number;
  waiting: number;
}

export class KyselyStorage implements Storage {
  readonly dialect: Storage['dialect'];
  /** The newest tid this process committed itself. */
  private ownTid = 0;
  /** What this process committed recently, newest last (answers changesSince without a query). */
  private ownChanges: Changes[] = [];
  /** Whether ownChanges is in tid order (a write resolved out of commit order clears it). */
  private ownInOrder = true;
  /** Writes waiting for the next group commit (SQLite). */
  private pending: WriteJob[] = [];
  private draining = false;
  /** Whether the first changesSince() has run (the probe needs a baseline). */
  private probed = false;
  private readonly q: Queries;
  private readonly foreignCommits?: ForeignCommitProbe;
  private readonly durability?: CommitDurability;
  /**
   * Set when making commits durable failed: what reached the disk is unknown,
   * so every later write is refused and ping() fails (restart the process;
   * the database recovers to its last durable commit).
   */
  private fatal: Error | null = null;
  private drained: Promise<void> = Promise.resolve();

  constructor(
    readonly db: Kysely<Database>,
    readonly caps: DialectCaps,
    opts: KyselyStorageOptions = {},
  ) {
    this.dialect = caps.name;
    this.q = new Queries(db, caps);
    this.foreignCommits = opts.foreignCommits;
    this.durability = opts.durability;
    this.files = opts.blobDir ? new FileBlobStore(opts.blobDir) : undefined;
    if (opts.poolStats) this.poolStats = opts.poolStats;
  }

  /** The pool's figures where there is a pool (read by /metrics); undefined on SQLite. */
  readonly poolStats?: () => PoolStats;

  private readonly files: FileBlobStore | undefined;

  async putBlob(source: AsyncIterable<Uint8Array> | Uint8Array, opts?: PutBlobOptions): Promise<BlobInfo> {
    this.refuseNesting();
    if (this.files) return this.files.put(source, opts);
    // Chunks go in one statement at a time (no lock held across the upload);
    // the rename commits in its own transaction, made durable before return.
    const info = await putDbBlob(this.db, (fn) => this.db.transaction().execute(fn), source, opts);
    await this.durability?.durable();
    return info;
  }

  async putImageScale(rec: ImageScaleRecord): Promise<ImageScaleRecord> {
    this.refuseNesting();
    const stored = await insertImageScale(this.db, this.caps, rec);
    await this.durability?.durable();
    return stored;
  }

  blobFile(hash: string): string | undefined {
    const path = this.files?.pathOf(hash);
    return path && existsSync(path) ? path : undefined;
  }

  /** Until the site sets one: the stock types' facts. */
  private indexer: IndexerContext = defaultIndexerContext;

  useIndexer(ctx: IndexerContext) {
    this.indexer = ctx;
  }

  async migrate() {
    const version = await migrateToLatest(this.db, this.caps);
    // Migrations commit outside write(): make them durable before going on.
    await this.durability?.durable();
    return version;
  }

  read<T>(fn: (tx: ReadTx) => Promise<T>): Promise<T> {
    this.refuseNesting();
    let t = this.db.transaction();
    if (this.caps.readIsolation) t = t.setIsolationLevel(this.caps.readIsolation);
    return t
      .execute((trx) => insideTx(() => fn(new KyselyReadTx(trx, this.db, this.caps, this.q, this.files))))
      .catch(rethrowUnavailable);
  }

  /** A nested transaction would wait for the connection its caller holds: fail loudly instead. */
  private refuseNesting() {
    if (inTx?.getStore())
      throw new Error('Storage transactions do not nest: use the transaction you were given.');
  }

  write<T>(meta: TxMeta, fn: (tx: RootWriteTx) => Promise<T>): Promise<T> {
    this.refuseNesting();
    if (this.fatal) return Promise.reject(this.fatal);
    if (this.caps.groupCommit) {
      return new Promise<T>((resolve, reject) => {
        this.pending.push({ meta, fn, resolve, reject } as WriteJob);
        if (!this.draining) this.drained = this.drain();
      });
    }
    return this.writeWithRetry(meta, fn);
  }

  /**
   * One transaction on a server database. A transaction that loses a race
   * (deadlock victim, serialization failure) rolled back entirely, so it runs
   * again as a whole — `fn` must not keep state outside the transaction
   * between attempts — and after WRITE_ATTEMPTS the client gets 409.
   */
  private async writeWithRetry<T>(meta: TxMeta, fn: (tx: RootWriteTx) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        const { result, tid, changes } = await this.db.transaction().execute(async (trx) => {
          // Held until commit: tids are handed out in commit order, which the
          // caches (and history/undo later) rely on.
          if (this.caps.commitLock) {
            await trx.selectFrom('commit_lock').select('id').where('id', '=', 1).forUpdate().execute();
          }
          const tid = await this.newTid(trx, meta);
          const wtx = new KyselyWriteTx(trx, this.db, this.caps, this.q, this.files, tid, this.indexer);
          const result = await insideTx(() => fn(wtx));
          return { result, tid, changes: wtx.changes };
        });
        this.committed(tid, changes);
        return result;
      } catch (err) {
        if (!isRetryableConflict(err)) return rethrowUnavailable(err);
        if (attempt >= WRITE_ATTEMPTS) throw conflictExhausted(err);
        // A short random pause, so the two losers of a deadlock do not meet again.
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * attempt));
      }
    }
  }

  /**
   * Group commit (SQLite): the writes that queue up while a commit is under
   * way run together in the next transaction, each inside its own savepoint
   * with its own tid, and share one COMMIT — one fsync for many requests. A
   * write that fails rolls back to its savepoint alone; none is acknowledged
   * before the COMMIT that makes it durable. With a CommitDurability the
   * COMMIT does not wait for the disk: the batch is acknowledged when its sync
   * completes, while the next batch already runs.
   */
  private async drain() {
    this.draining = true;
    try {
      while (this.pending.length) {
        if (this.fatal) {
          for (const job of this.pending.splice(0)) job.reject(this.fatal);
          break;
        }
        const done: Array<{ job: WriteJob; result: unknown; tid: number; changes: Changes }> = [];
        try {
          await this.db.transaction().execute(async (trx) => {
            for (let n = 0; n < GROUP_COMMIT_MAX; n++) {
              // Requests arrive through I/O callbacks, while a job runs in
              // microtasks: let the event loop turn once so that writes
              // already on their way can join this commit.
              if (this.pending.length === 0) await new Promise((resolve) => setImmediate(resolve));
              const job = this.pending.shift();
              if (!job) break;
              await trx.executeQuery(this.q.savepoint);
              try {
                const tid = await this.newTid(trx, job.meta);
                const wtx = new KyselyWriteTx(trx, this.db, this.caps, this.q, this.files, tid, this.indexer);
                const result = await insideTx(() => job.fn(wtx));
                await trx.executeQuery(this.q.releaseSavepoint);
                done.push({ job, result, tid, changes: wtx.changes });
              } catch (err) {
                await trx.executeQuery(this.q.rollbackToSavepoint);
                await trx.executeQuery(this.q.releaseSavepoint);
                job.reject(err);
              }
            }
          });
        } catch (err) {
          // The COMMIT itself failed (disk full, I/O error): nothing is durable.
          for (const d of done) d.job.reject(err);
          continue;
        }
        // Committed: visible to readers now (so caches must learn of it now),
        // acknowledged once durable.
        for (const d of done) this.committed(d.tid, d.changes);
        if (done.length === 0) continue;
        if (!this.durability) {
          for (const d of done) d.job.resolve(d.result);
          continue;
        }
        this.durability.durable().then(
          () => {
            for (const d of done) d.job.resolve(d.result);
          },
          (err) => {
            this.fatal ??= err instanceof Error ? err : new Error(String(err));
            for (const d of done) d.job.reject(this.fatal);
          },
        );
      }
    } finally {
      this.draining = false;
    }
  }

  private async newTid(trx: Transaction<Database>, meta: TxMeta): Promise<number> {
    const result = await this.q.insertTransaction.run(
      trx,
      new Date().toISOString(),
      meta.principal,
      (meta.note ?? '').slice(0, 10_000),
      meta.path ?? '',
    );
    const tid = this.caps.insertId
      ? result.insertId
      : (result.rows[0] as unknown as { tid?: number } | undefined)?.tid;
    if (tid === undefined || tid === null) throw new Error('The database assigned no transaction id.');
    return Number(tid);
  }

  private committed(tid: number, changes: Changes) {
    if (tid < this.ownTid) this.ownInOrder = false;
    this.ownTid = Math.max(this.ownTid, tid);
    this.ownChanges.push({ ...changes, lastTid: tid });
    if (this.ownChanges.length > OWN_CHANGES_KEPT) this.ownChanges.splice(0, this.ownChanges.length / 2);
  }

  async lastTid() {
    const row = (await this.q.lastTid.run(this.db)).rows[0];
    return Number(row?.tid ?? 0);
  }

  changesSince(since: number): Promise<Changes> {
    return this.readChangesSince(since).catch(rethrowUnavailable);
  }

  private async readChangesSince(since: number): Promise<Changes> {
    // Fast path: nobody else committed; what we committed ourselves is in memory.
    const foreign = this.foreignCommits ? this.foreignCommits() : true;
    if (this.probed && !foreign) {
      const out: Changes = { lastTid: since, uids: [], types: false, users: false, settings: false };
      if (this.ownTid <= since) return out;
      const oldest = this.ownChanges[0];
      if (oldest && oldest.lastTid <= since + 1) {
        // In tid order (always so with group commit): only the tail is newer.
        let from = 0;
        if (this.ownInOrder) {
          from = this.ownChanges.length;
          while (from > 0 && this.ownChanges[from - 1].lastTid > since) from--;
        }
        for (let i = from; i < this.ownChanges.length; i++) {
          const c = this.ownChanges[i];
          if (c.lastTid <= since) continue;
          // Not push(...c.uids): a move can report 100,000s of uids.
          for (const u of c.uids) out.uids.push(u);
          out.types ||= c.types;
          out.users ||= c.users;
          out.settings ||= c.settings;
          out.lastTid = Math.max(out.lastTid, c.lastTid);
        }
        return out;
      }
    }
    this.probed = true;
    const last = await this.lastTid();
    if (last <= since) return { lastTid: since, uids: [], types: false, users: false, settings: false };
    const inRange = <T extends 'revisions' | 'types' | 'principals_version' | 'settings'>(table: T) =>
      this.db
        .selectFrom(table as 'revisions')
        .where('tid', '>', since)
        .where('tid', '<=', last);
    const [revised, invalidated, types, users, settings] = await Promise.all([
      inRange('revisions').select(['uid', 'path']).distinct().execute(),
      // Security changes make no revision; they are logged here (with the parent).
      inRange('object_changes' as 'revisions')
        .select('uid')
        .distinct()
        .execute(),
      inRange('types').select('tid').limit(1).execute(),
      inRange('principals_version').select('tid').limit(1).execute(),
      inRange('settings').select('tid').limit(1).execute(),
    ]);
    // The parents of changed objects changed too, as far as caches go: their
    // listings (items, navigation) gained, lost or show a changed child. A
    // writer in this process reports them itself (the service's `touched`);
    // for other processes' commits, find them by path.
    const uids = new Set([...revised, ...invalidated].map((r) => r.uid));
    const parentPaths = new Set<string>();
    for (const r of revised) if (r.path !== '') parentPaths.add(r.path.slice(0, r.path.lastIndexOf('/')));
    const paths = [...parentPaths];
    for (let i = 0; i < paths.length; i += 500) {
      const { rows } = await this.q.uidsByPaths.run(this.db, paths.slice(i, i + 500));
      for (const row of rows) uids.add(row.uid);
    }
    return {
      lastTid: last,
      uids: [...uids],
      types: types.length > 0,
      users: users.length > 0,
      settings: settings.length > 0,
    };
  }

  async ping() {
    if (this.fatal) throw this.fatal;
    await sql`select 1`.execute(this.db).catch(rethrowUnavailable);
  }

  async close() {
    await this.drained;
    await this.durability?.close();
    await this.db.destroy();
  }
}

export type RootWriteTx = KyselyWriteTx;

/** A lost connection becomes the 503 the client sees (db-errors.ts). */
function rethrowUnavailable(err: unknown): never {
  throw asUnavailable(err);
}
