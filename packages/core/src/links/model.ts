// Links between content objects, as the links table keeps them (migration
// 0012, docs/decisions/0030-links-table.md): who links to whom, under which
// relation name, from which attribute. Tracked by UID so they survive moves.

/** Plone's relation name for links found in rich text and blocks (plone.app.linkintegrity). */
export const IS_REFERENCING = 'isReferencing';

/**
 * Relations nobody edits through @relations: derived from text, or made by
 * working copies (plone.restapi marks them `readonly`).
 */
export const READONLY_RELATIONS: ReadonlySet<string> = new Set([IS_REFERENCING, 'iterate-working-copy']);

/**
 * The attribute of a relation made through @relations whose name is no field
 * of the source: it lives in the table alone, not in the object's data, and
 * re-extraction (a write of the source, a rebuild) keeps it.
 */
export const STANDALONE_ATTRIBUTE = '';

/** One row of the links table. */
export interface LinkRow {
  source: string;
  target: string;
  relation: string;
  /** The field it comes from (`relatedItems`, `text`, `blocks`), or '' (STANDALONE_ATTRIBUTE). */
  attribute: string;
}

/** A link found in an object's data, before paths are resolved to UIDs. */
export interface FoundLink {
  relation: string;
  attribute: string;
  target: { uid: string } | { path: string };
}

/** Filters of a links query; each one given narrows it. */
export interface LinkQuery {
  source?: string;
  target?: string;
  relation?: string;
  /** Only rows whose target (`target`) or source (`source`) lies at or below these site paths. */
  targetWithin?: string[];
  /** At most this many rows. */
  limit?: number;
}

/** A link whose both ends exist, with the paths of both (for summaries). */
export interface ResolvedLink extends LinkRow {
  sourcePath: string;
  targetPath: string;
}

/** Relations per name whose both ends exist, and those whose target is gone. */
export interface LinkStats {
  stats: Record<string, number>;
  broken: Record<string, number>;
}
