// Table shapes as Kysely sees them. JSON columns are stored as text so that
// the same queries run on SQLite, PostgreSQL and MariaDB.
import type { Generated } from 'kysely';

export interface Database {
  transactions: { tid: Generated<number>; at: string; principal: string | null; note: string; path: string };
  objects: {
    uid: string;
    parent_uid: string | null;
    id: string;
    path: string;
    position: number;
    type: string;
    tid: number;
    created: string;
    modified: string;
    data: string;
    /** The effective security descriptor (JSON); null until computed. */
    security: string | null;
    /** Publication window as sortable UTC strings; null = open. */
    effective: string | null;
    expires: string | null;
  };
  /** Who may View each object: one row per view token (role or user:<id>). */
  object_view: { uid: string; token: string };
  /** Objects a commit changed without a revision (security), for changesSince(). */
  object_changes: { tid: number; uid: string };
  /** Every revision of every object, kept for history, undo and packing. */
  revisions: { uid: string; tid: number; path: string; type: string; data: string; deleted: number };
  settings: { key: string; value: string; tid: number };
  types: { name: string; def: string; tid: number };
  users: {
    id: string;
    login: string;
    fullname: string;
    email: string;
    password_hash: string;
    roles: string;
    tid: number;
    /** JSON; null on rows written before migration 0003. */
    properties: string | null;
    token_gen: number;
  };
  principal_groups: {
    id: string;
    title: string;
    description: string;
    email: string;
    roles: string;
    tid: number;
  };
  group_members: { group_id: string; kind: string; member_id: string };
  password_resets: { token_hash: string; user_id: string; expires: string };
  principals_version: { id: number; tid: number };
  revoked_sessions: { sid: string; user_id: string; expires: string };
  /** The catalog: one row per object, the values of its indexes and its metadata (catalog/). */
  catalog: {
    rid: Generated<number>;
    uid: string;
    path: string;
    depth: number;
    parent_uid: string | null;
    position: number;
    id: string;
    portal_type: string;
    review_state: string | null;
    sortable_title: string;
    creator: string | null;
    created: string;
    modified: string;
    effective: string;
    expires: string;
    start_date: string | null;
    end_date: string | null;
    is_folderish: number;
    exclude_from_nav: number;
    language: string;
    /** JSON: the brain's data fields. */
    meta: string;
  };
  /** The security filter and type of each catalog row, narrow (catalog/search.ts). */
  catalog_access: { rid: number; portal_type: string; effective: string; expires: string; view: string };
  /** Values of the keyword (multi-valued) indexes, by catalog row. */
  catalog_keywords: { idx: string; value: string; rid: number };
  /** `created`: ISO time it was stored (migration 0008); null on older rows. */
  blobs: { hash: string; size: number; created: string | null };
  blob_chunks: { hash: string; seq: number; data: Uint8Array };
  commit_lock: { id: number };
  /** Generated image scales (image-scales.ts): (source blob, scale key) → scale blob. */
  blob_texts: { hash: string; text: string };
  /** Links between objects by UID (migration 0012, links/links-table.ts); attribute '' = standalone relation. */
  links: { source_uid: string; relation: string; attribute: string; target_uid: string };
  /** Old paths that redirect to an object (migration 0010, moves/redirects.ts). */
  redirects: { rid: Generated<number>; path: string; target_uid: string; created: string; manual: number };
  image_scales: {
    source: string;
    scale_key: string;
    blob: string;
    width: number;
    height: number;
    content_type: string;
    size: number;
  };
  /** Trash entries (migration 0013, trash/): one per deleted subtree root. */
  trash: {
    uid: string;
    parent_uid: string;
    path: string;
    id: string;
    type: string;
    title: string;
    deleted_by: string | null;
    deleted_at: string;
    expires_at: string;
    items: number;
  };
  /** The objects rows of trashed subtrees as they were, with their view tokens (JSON). */
  trash_objects: Database['objects'] & { trash_uid: string; view: string };
  /** Who could View each entry's root when it was deleted: the listing's security filter. */
  trash_view: { trash_uid: string; token: string };
}
