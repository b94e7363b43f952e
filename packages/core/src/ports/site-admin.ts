// What site administration (Volto's Database, Undo and Content Types panels,
// @upgrade) reads from storage: figures about the database itself rather than
// about content. Read-only; one reader per transaction (ReadTx.siteAdmin()).

/** One committed transaction as the undo log shows it. */
export interface TransactionLogEntry {
  tid: number;
  /** ISO time of the commit. */
  at: string;
  /** Who made it; null for the system (site creation, upgrades, packs). */
  principal: string | null;
  note: string;
  /** Site-relative path the request acted on ('' for the root or none). */
  path: string;
  /** Bytes of the object revisions it wrote (0 for settings, users…). */
  bytes: number;
}

export interface DatabaseStats {
  dialect: 'sqlite' | 'postgres' | 'mysql';
  /** The database's own name (the file name for SQLite). */
  name: string;
  /** Bytes the database occupies (pages, or tables and indexes). */
  bytes: number;
  /** Content objects in the tree, and in the trash. */
  objects: number;
  trashed: number;
  revisions: number;
  transactions: number;
  /** Blobs held in the database itself (new blobs go to files when `blobFiles`; those are not counted). */
  blobs: number;
  blobBytes: number;
  blobFiles: boolean;
}

export interface SiteAdminReader {
  /** Newest transactions first, at most `limit`, and how many there are. */
  transactionLog(q: { limit: number }): Promise<{ items: TransactionLogEntry[]; total: number }>;
  databaseStats(): Promise<DatabaseStats>;
  /** Objects per type, in the tree and in the trash. */
  contentCounts(): Promise<{ live: Record<string, number>; trashed: Record<string, number> }>;
  /** Schema migrations this code ships and those the database has applied (names, in order). */
  schemaMigrations(): Promise<{ code: string[]; applied: string[] }>;
}
