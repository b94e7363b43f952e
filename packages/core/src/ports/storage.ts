// The Storage port: what the domain needs from a database, nothing about
// HTTP or permissions. One adapter per database (packages/storage/src/<db>/)
// implements it; every adapter passes the same shared suite.
import type { Readable } from 'node:stream';
import type { SecurityDescriptor } from '../access/descriptor.js';
import type { IndexerContext } from '../catalog/entry.js';
import type { CatalogPage, CatalogQuery, SearchResult } from '../catalog/query-model.js';
import type { LinkQuery, LinkRow, LinkStats, ResolvedLink } from '../links/model.js';
import type { CommentStore, CommentWriter } from './comments.js';
import type { ContentRulesReader, ContentRulesWriter } from './content-rules.js';
import type { LockRecord, PathChange, StoredVersion, VersionInfo } from './history.js';
import type { SiteAdminReader } from './site-admin.js';
import type { TrashEntry, TrashPlace, TrashPurge, TrashQuery, TrashStamp } from './trash.js';

/** One content object as stored: system columns plus the field data. */
export interface ContentRecord {
  uid: string;
  /** null only for the site root. */
  parentUid: string | null;
  id: string;
  /** Site-relative path: '' for the root, '/news/item-1' below it. */
  path: string;
  /** Position among the siblings (ordering), ascending. */
  position: number;
  type: string;
  /** Transaction id of the last change to this object. */
  tid: number;
  created: string;
  modified: string;
  /** Field values and other attributes (creators, review_state…), as JSON. */
  data: Record<string, unknown>;
  /** Effective security, computed by core when the object or an ancestor changed (access/). */
  security: SecurityDescriptor;
}

/** When an object is active (publication window), as sortable UTC strings; null = open. */
export interface ActiveWindow {
  effective: string | null;
  expires: string | null;
}

export interface NewContent extends ActiveWindow {
  uid: string;
  parentUid: string;
  id: string;
  type: string;
  created: string;
  modified: string;
  data: Record<string, unknown>;
  security: SecurityDescriptor;
  /** Who may View it, as tokens (access/descriptor.ts viewTokens). */
  view: string[];
}

/**
 * Restricts listings to what a principal may see, in the query itself: the
 * principal's tokens must meet the object's view tokens, and unless `activeAt`
 * is null, the object's window must contain that instant.
 */
export interface ListFilter {
  tokens: string[];
  activeAt: string | null;
}

export interface UserRecord {
  id: string;
  login: string;
  fullname: string;
  email: string;
  passwordHash: string;
  /** Global roles granted to the user directly (not through groups). */
  roles: string[];
  /** Profile properties beyond fullname and email (fields of @userschema). */
  properties: Record<string, unknown>;
  /** A JWT is valid only while it carries this generation (raised by @logout, password changes). */
  tokenGen: number;
  tid: number;
}

/** What putUser writes; properties and tokenGen left out keep their stored values ({} and 0 for a new user). */
export type UserInput = Omit<UserRecord, 'tid' | 'properties' | 'tokenGen'> &
  Partial<Pick<UserRecord, 'properties' | 'tokenGen'>>;

export interface GroupRecord {
  id: string;
  title: string;
  description: string;
  email: string;
  /** Global roles the group grants its members. */
  roles: string[];
  tid: number;
}

export type MemberKind = 'user' | 'group';

export interface UserQuery {
  /** Case-insensitive substring of the id, login, fullname or email. */
  search?: string;
  /** Case-insensitive substring of the id or login only. */
  idContains?: string;
  limit?: number;
}

export interface PasswordReset {
  userId: string;
  /** ISO date after which the token no longer works. */
  expires: string;
}

export interface BlobInfo {
  hash: string;
  size: number;
}

/** Bytes start..end of a blob, both inclusive (as in an HTTP Range). */
export interface ByteRange {
  start: number;
  end: number;
}

export interface PutBlobOptions {
  /** Refuse (413, nothing kept) a blob larger than this many bytes. */
  maxBytes?: number;
}

/**
 * A generated image scale (migration 0006): which blob holds the rendering
 * `key` of the image whose bytes hash to `source`. Immutable once written.
 */
export interface ImageScaleRecord {
  source: string;
  /** The scale's hash and output format, e.g. `<scaleHash>.webp`. */
  key: string;
  blob: string;
  width: number;
  height: number;
  contentType: string;
  size: number;
}

export interface Page {
  start: number;
  limit: number;
}

/** An old path that redirects to an object (plone.app.redirector; migration 0010). */
export interface RedirectRecord {
  /** Site-relative old path, '/old-page'. */
  path: string;
  targetUid: string;
  /** Where the target is now; null when it no longer exists. */
  targetPath: string | null;
  created: string;
  /** Added by an editor (true) or recorded by a move or rename (false). */
  manual: boolean;
}

export interface RedirectQuery {
  /** Only redirects to this object. */
  targetUid?: string;
  /** Substring of the old path or the target's path. */
  text?: string;
  manual?: boolean;
  /** Created at or after / before (ISO strings, compared as text). */
  start?: string;
  end?: string;
  offset?: number;
  limit?: number;
}

/** What moveTree changed. */
export interface MoveResult {
  oldPath: string;
  newPath: string;
  /** Every moved uid, the root first. */
  uids: string[];
}

/** Reads, inside one consistent snapshot. */
export interface ReadTx {
  byPath(path: string): Promise<ContentRecord | undefined>;
  byUid(uid: string): Promise<ContentRecord | undefined>;
  /** Children in position order. */
  children(parentUid: string, page?: Page, filter?: ListFilter): Promise<ContentRecord[]>;
  countChildren(parentUid: string, filter?: ListFilter): Promise<number>;
  /** Every object of these types, shallowest first (admin operations such as a workflow change). */
  ofTypes(types: string[]): Promise<ContentRecord[]>;
  /** Every object below `path` (not itself), shallowest first. */
  descendants(path: string): Promise<ContentRecord[]>;
  childIdExists(parentUid: string, id: string): Promise<boolean>;
  /** Which of `ids` are taken by children of the parent. */
  childIdsAmong(parentUid: string, ids: string[]): Promise<Set<string>>;
  /** Ancestors from the root down to (not including) the object at `path`. */
  ancestors(path: string): Promise<ContentRecord[]>;
  /** Every revision of one object, oldest first. */
  revisions(uid: string): Promise<Array<{ tid: number; data: Record<string, unknown>; deleted: boolean }>>;
  getSetting<T>(key: string): Promise<T | undefined>;
  /** The highest committed transaction id visible to this transaction. */
  lastTid(): Promise<number>;
  /** The note a transaction was committed with (TxMeta.note or setTransactionNote). */
  transactionNote(tid: number): Promise<string | undefined>;
  listTypes(): Promise<Array<{ name: string; def: unknown }>>;
  userById(id: string): Promise<UserRecord | undefined>;
  userByLogin(login: string): Promise<UserRecord | undefined>;
  /** Users matching the query, in no particular order. */
  listUsers(q?: UserQuery): Promise<UserRecord[]>;
  groupById(id: string): Promise<GroupRecord | undefined>;
  /** Groups whose id or title contains `search` (case-insensitive); all without it. */
  listGroups(q?: { search?: string; limit?: number }): Promise<GroupRecord[]>;
  /** Direct members of a group. */
  groupMembers(groupId: string): Promise<Array<{ kind: MemberKind; id: string }>>;
  /** Ids of the groups a user or group is a direct member of. */
  memberOf(kind: MemberKind, id: string): Promise<string[]>;
  /** The password reset a token hash stands for, if any. */
  passwordReset(tokenHash: string): Promise<PasswordReset | undefined>;
  /** Ids of sessions ended by @logout whose tokens have not expired yet (at ISO date `now`). */
  revokedSessions(now: string): Promise<string[]>;
  blobInfo(hash: string): Promise<BlobInfo | undefined>;
  /**
   * Catalog search: one page of brains and the total, only what `filter`
   * lets the principal see (null: everything, for the system principal).
   */
  search(q: CatalogQuery, opts: { filter: ListFilter | null; page: CatalogPage }): Promise<SearchResult>;
  /** Distinct values of a keyword index (e.g. Subject), among what `filter` lets one see. */
  keywordValues(index: string, filter: ListFilter | null): Promise<string[]>;
  /** Which of these blobs have had their text extracted already (see WriteTx.putBlobText). */
  blobTextsKnown(hashes: string[]): Promise<Set<string>>;
  /** Streams a blob's bytes (or one range of them) chunk by chunk; never loads it whole. */
  openBlob(hash: string, range?: ByteRange): Readable;
  /** A stored image scale, if it was generated already. */
  imageScale(source: string, key: string): Promise<ImageScaleRecord | undefined>;
  /** Trash entries (newest first) the query lets one see, one page, and their total (docs/trash.md). */
  trashEntries(q: TrashQuery): Promise<{ items: TrashEntry[]; total: number }>;
  /** One trash entry with its root object as it was when deleted, and who could View it then. */
  trashEntry(uid: string): Promise<(TrashEntry & { root: ContentRecord; view: string[] }) | undefined>;
  /** Links whose both ends exist and (with a filter) may be seen (links/, migration 0012). */
  links(q: LinkQuery, filter?: ListFilter | null): Promise<ResolvedLink[]>;
  /** Links into the subtrees at `paths` from objects outside them (link integrity). */
  incomingLinks(paths: string[], filter?: ListFilter | null): Promise<ResolvedLink[]>;
  /** Links per relation name (both ends there), and broken ones (target gone). */
  linkStats(filter?: ListFilter | null): Promise<LinkStats>;
  /** Sources with links to objects that no longer exist. */
  brokenLinks(relation?: string): Promise<Array<{ relation: string; sourcePath: string }>>;
  /** Versions of an object, oldest first, without their data (history/). */
  versions(uid: string): Promise<VersionInfo[]>;
  /** One version of an object with its data. */
  version(uid: string, version: number): Promise<StoredVersion | undefined>;
  /** Moves and renames of an object, oldest first, as far back as revisions go. */
  pathChanges(uid: string): Promise<PathChange[]>;
  /** The lock row of an object, expired or not (the caller compares its time). */
  lock(uid: string): Promise<LockRecord | undefined>;
  /** The redirect recorded for the longest of `paths` (a path and its ancestors), if any. */
  redirectFor(paths: string[]): Promise<RedirectRecord | undefined>;
  /** Redirects matching `q`, ordered by old path, and how many match in all. */
  listRedirects(q: RedirectQuery): Promise<{ items: RedirectRecord[]; total: number }>;
  /** The translation group of an object and its member uids, trashed ones included (translations/). */
  translationGroup(uid: string): Promise<{ group: string; uids: string[] } | undefined>;
  /** Comments on content (discussion, migration 0014). */
  readonly comments: CommentStore;
  /** Content rules and their assignments (docs/content-rules.md). */
  contentRules(): ContentRulesReader;
  /** Figures about the database itself, for site administration (site-admin.ts). */
  siteAdmin(): SiteAdminReader;
}

/** Writes, inside the request's one transaction. */
export interface WriteTx extends ReadTx {
  /** This transaction's id; monotonically increasing across commits. */
  readonly tid: number;
  contentRules(): ContentRulesWriter;
  insert(rec: NewContent): Promise<ContentRecord>;
  /** Inserts the site root (no parent). */
  insertRoot(rec: Omit<NewContent, 'parentUid'>): Promise<ContentRecord>;
  update(
    uid: string,
    patch: { data?: Record<string, unknown>; modified?: string; window?: ActiveWindow },
  ): Promise<ContentRecord>;
  /** Replaces an object's effective security and view tokens (after a transition or sharing change). */
  setSecurity(uid: string, security: SecurityDescriptor, view: string[]): Promise<void>;
  /** Deletes an object and its whole subtree (their revisions are kept). */
  deleteTree(uid: string): Promise<string[]>;
  /** Moves an object and its subtree out of the tree into the trash (revisions kept); returns their uids. */
  trashTree(uid: string, stamp: TrashStamp): Promise<string[]>;
  /**
   * Puts a trashed subtree back into the tree at `place` (paths rewritten when
   * elsewhere), with its stored security: the caller recomputes it from the
   * new container. Returns the restored root and every restored uid.
   */
  restoreTrash(uid: string, place: TrashPlace): Promise<{ root: ContentRecord; uids: string[] }>;
  /** Removes trash entries for good; returns how many entries and objects went. */
  purgeTrash(which: TrashPurge): Promise<{ entries: number; objects: number }>;
  /**
   * Moves an object and its subtree under `newParentUid` as `newId` (a rename
   * when the parent stays), rewriting paths with set-based statements: no row
   * outside the subtree changes, UIDs stay. Lands last among the new
   * siblings, or keeps its position on a rename.
   */
  moveTree(uid: string, newParentUid: string, newId: string): Promise<MoveResult>;
  /** Records (or replaces) the redirect from an old path. */
  putRedirect(r: { path: string; targetUid: string; created: string; manual: boolean }): Promise<void>;
  /** Removes the redirect from `path` (only if it points at `targetUid`, when given). */
  deleteRedirect(path: string, targetUid?: string): Promise<boolean>;
  /** Rewrites the positions of a parent's children to the given id order. */
  setOrder(parentUid: string, orderedIds: string[]): Promise<void>;
  /** Replaces this transaction's note (known only once the handler read the request, e.g. a check-in comment). */
  setTransactionNote(note: string): Promise<void>;
  setSetting(key: string, value: unknown): Promise<void>;
  putType(name: string, def: unknown): Promise<void>;
  deleteType(name: string): Promise<void>;
  putUser(user: UserInput): Promise<void>;
  /** Deletes a user with its group memberships and password resets. */
  deleteUser(id: string): Promise<boolean>;
  putGroup(group: Omit<GroupRecord, 'tid'>): Promise<void>;
  /** Deletes a group, its memberships (as container and as member). */
  deleteGroup(id: string): Promise<boolean>;
  addMember(groupId: string, kind: MemberKind, memberId: string): Promise<void>;
  removeMember(groupId: string, kind: MemberKind, memberId: string): Promise<void>;
  putPasswordReset(tokenHash: string, reset: PasswordReset): Promise<void>;
  /** Removes one token (used) or, with `userId`, every token of that user. */
  deletePasswordResets(by: { tokenHash: string } | { userId: string }): Promise<void>;
  /** Ends a login session (its tokens' `sid`) until `expires`; drops entries already expired. */
  revokeSession(session: { sid: string; userId: string; expires: string }): Promise<void>;
  /** Rebuilds the whole catalog from the objects (after an indexing change); returns how many were indexed. */
  reindexCatalog(): Promise<number>;
  /**
   * Records the text inside a blob (a PDF's words; '' for none) and reindexes
   * the given objects, whose SearchableText then includes it.
   */
  putBlobText(hash: string, text: string, reindex: string[]): Promise<void>;
  /** Stores bytes content-addressed (sha256); returns its hash and size. */
  putBlob(source: AsyncIterable<Uint8Array> | Uint8Array, opts?: PutBlobOptions): Promise<BlobInfo>;
  /** Adds a standalone link row (derived rows follow the objects' data on every write); false if there. */
  addLink(link: LinkRow): Promise<boolean>;
  /** Removes the link rows matching every given filter; returns how many. */
  removeLinks(by: Partial<LinkRow>): Promise<number>;
  /** Re-extracts every object's links (standalone rows of existing sources are kept). */
  rebuildLinks(): Promise<{ objects: number; links: number }>;
  /** Appends a version of an object (number = previous + 1, or 0); returns its number. */
  addVersion(v: Omit<StoredVersion, 'version' | 'tid'>): Promise<number>;
  /** Takes, replaces or refreshes the lock of an object. */
  putLock(lock: LockRecord): Promise<void>;
  /** Removes an object's lock; false when there was none. */
  deleteLock(uid: string): Promise<boolean>;
  /** Puts an object into a translation group (leaving its old one); null: into none. */
  setTranslationGroup(uid: string, group: string | null): Promise<void>;
  readonly comments: CommentWriter;
}

export interface Changes {
  /** The newest committed tid (== the argument when nothing changed). */
  lastTid: number;
  uids: string[];
  types: boolean;
  /** Users, groups or memberships changed. */
  users: boolean;
  settings: boolean;
}

export interface TxMeta {
  principal: string | null;
  note?: string;
  /** Site-relative path the request acted on (for history/undo later). */
  path?: string;
}

export interface Storage {
  readonly dialect: 'sqlite' | 'postgres' | 'mysql';
  /** Creates or upgrades the schema; returns the migration version now in force. */
  migrate(): Promise<number>;
  read<T>(fn: (tx: ReadTx) => Promise<T>): Promise<T>;
  /**
   * Runs `fn` in one transaction: everything commits or nothing does.
   * Transactions do not nest: calling read/write inside `fn` is an error
   * (use the tx you were given).
   */
  write<T>(meta: TxMeta, fn: (tx: WriteTx) => Promise<T>): Promise<T>;
  /** The highest committed transaction id. */
  lastTid(): Promise<number>;
  /**
   * What other writers committed after `tid`: the objects they changed and
   * whether types, users or settings changed. Caches poll this per request so
   * that several processes on one database never serve stale data.
   */
  changesSince(tid: number): Promise<Changes>;
  /**
   * How the catalog learns type facts (folderish) when it indexes a write;
   * the site sets it once its type registry is loaded.
   */
  useIndexer(ctx: IndexerContext): void;
  /**
   * Stores a blob outside any transaction (uploads stream in without holding
   * the write lock); durable when it resolves. A transaction may then refer to
   * its hash. Blobs nothing refers to are left for garbage collection.
   */
  putBlob(source: AsyncIterable<Uint8Array> | Uint8Array, opts?: PutBlobOptions): Promise<BlobInfo>;
  /**
   * Records a generated image scale outside any transaction (its blob stored
   * with putBlob first). The first record for (source, key) wins; returns it.
   */
  putImageScale(rec: ImageScaleRecord): Promise<ImageScaleRecord>;
  /** The file holding a blob's bytes when blobs live on a filesystem (X-Accel-Redirect), else undefined. */
  blobFile(hash: string): string | undefined;
  /** Cheap liveness probe of the database connection. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
