// An `objects` row as the domain's ContentRecord: one conversion for the
// storage adapter, the full-text rebuild and the links backfill (a migration,
// which must not import the adapter).
import type { ContentRecord, SecurityDescriptor } from '@tessera/core';
import type { Selectable } from 'kysely';
import type { Database } from './schema.js';

export type ObjectRow = Selectable<Database['objects']>;

const NO_SECURITY: SecurityDescriptor = Object.freeze({ local: {}, perms: {} }) as SecurityDescriptor;

/** An objects row as the domain's record; a row without security (or not selected) gets none. */
export function toRecord(
  row: Omit<ObjectRow, 'effective' | 'expires' | 'security'> & { security?: string | null },
): ContentRecord {
  return {
    uid: row.uid,
    parentUid: row.parent_uid,
    id: row.id,
    path: row.path,
    position: Number(row.position),
    type: row.type,
    tid: Number(row.tid),
    created: row.created,
    modified: row.modified,
    data: JSON.parse(row.data),
    security: row.security ? JSON.parse(row.security) : NO_SECURITY,
  };
}
