// The Storage port: what the domain needs from a database, nothing about
// HTTP or permissions. One adapter per database (packages/storage/src/<db>/)
// implements it; every adapter passes the same shared suite.
import type { Readable } from 'node:stream';
import type { SecurityDescriptor } from '../access/descriptor.js';

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
  roles: string[];
  tid: number;
}

export interface BlobInfo {
  hash: string;
  size: number;
}

export interface Page {
  start: number;
  limit: number;
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
  listTypes(): Promise<Array<{ name: string; def: unknown }>>;
  userById(id: string): Promise<UserRecord | undefined>;
  userByLogin(login: string): Promise<UserRecord | undefined>;
  blobInfo(hash: string): Promise<BlobInfo | undefined>;
  /** Streams a blob's bytes chunk by chunk; never loads it whole. */
  openBlob(hash: string): Readable;
}

/** Writes, inside the request's one transaction. */
export interface WriteTx extends ReadTx {
  /** This transaction's id; monotonically increasing across commits. */
  readonly tid: number;
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
  /** Rewrites the positions of a parent's children to the given id order. */
  setOrder(parentUid: string, orderedIds: string[]): Promise<void>;
  setSetting(key: string, value: unknown): Promise<void>;
  putType(name: string, def: unknown): Promise<void>;
  deleteType(name: string): Promise<void>;
  putUser(user: Omit<UserRecord, 'tid'>): Promise<void>;
  /** Stores bytes content-addressed (sha256), chunked; returns its hash and size. */
  putBlob(source: AsyncIterable<Uint8Array> | Uint8Array): Promise<BlobInfo>;
}

export interface Changes {
  /** The newest committed tid (== the argument when nothing changed). */
  lastTid: number;
  uids: string[];
  types: boolean;
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
  /** Cheap liveness probe of the database connection. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
