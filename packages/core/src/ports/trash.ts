// The trash (docs/trash.md): what a deleted subtree looks like while it waits
// to be restored or purged. Kept apart from `objects`, so trashed items are
// invisible to every query that reads the tree or the catalog.

/** One deletion: a subtree root and what was known about it when deleted. */
export interface TrashEntry {
  /** The UID of the deleted item (the subtree root); also the entry's id. */
  uid: string;
  /** Where it was: its container's UID and its site-relative path then. */
  parentUid: string;
  path: string;
  id: string;
  type: string;
  title: string;
  /** The user who deleted it (null: the system). */
  deletedBy: string | null;
  deletedAt: string;
  /** When the scheduled purge removes it for good. */
  expiresAt: string;
  /** Objects in the subtree, the root included. */
  items: number;
}

export interface TrashQuery {
  /** Only entries one of these tokens could View when deleted; null: every entry. */
  tokens: string[] | null;
  /** Only entries deleted from below this site-relative path ('' or absent: all). */
  under?: string;
  /** Only entries whose time in the trash is up at this ISO instant. */
  expiredAt?: string;
  start: number;
  limit: number;
}

/** Who deleted, when, and until when the trash keeps it. */
export interface TrashStamp {
  deletedBy: string | null;
  deletedAt: string;
  expiresAt: string;
}

/** Where a restore puts the subtree root: into this container, under this id. */
export interface TrashPlace {
  parentUid: string;
  id: string;
}

export type TrashPurge = { uids: string[] } | { expiredAt: string } | { all: true };
