// What the Storage port keeps for history and locking (migration 0011):
// versions of content (snapshots at save points) and edit locks.

/** One version of an object, without its data. */
export interface VersionInfo {
  /** 0 for the first version, then 1, 2… */
  version: number;
  /** The transaction that made it. */
  tid: number;
  /** ISO date. */
  at: string;
  /** Who made it (user id), null for the system. */
  actor: string | null;
  /** The change note. */
  comment: string;
  /** Where the object was then. */
  path: string;
  type: string;
}

export interface StoredVersion extends VersionInfo {
  uid: string;
  /** The object's data (fields and system attributes) as saved. */
  data: Record<string, unknown>;
}

/** An object's path change (a move or rename), as its revisions show it. */
export interface PathChange {
  tid: number;
  from: string;
  to: string;
  at: string | null;
  principal: string | null;
}

/** An edit lock on one object (plone.locking's stealable or non-stealable lock). */
export interface LockRecord {
  uid: string;
  token: string;
  /** User id of whoever took it. */
  creator: string;
  /** ISO date it was taken or last refreshed. */
  created: string;
  /** Seconds after `created` at which it lapses. */
  timeout: number;
  stealable: boolean;
}
