// Writes catalog rows inside the caller's transaction: one row per object,
// its keyword values and its full text. Called by the write transaction on
// every insert, update, reorder and delete, so the catalog never lags.
import type { CatalogEntry } from '@tessera/core';
import type { Kysely, Transaction } from 'kysely';
import type { DialectCaps } from '../dialect.js';
import { PreparedQuery } from '../prepared.js';
import type { Database } from '../schema.js';

type Tx = Transaction<Database>;

function columns(e: CatalogEntry) {
  // Object.keys(columns({})) lists the columns: keep every key present.
  return {
    uid: e.uid,
    path: e.path,
    depth: e.depth,
    parent_uid: e.parentUid,
    position: e.position,
    id: e.id,
    portal_type: e.portalType,
    review_state: e.reviewState,
    sortable_title: e.sortableTitle,
    creator: e.creator,
    created: e.created,
    modified: e.modified,
    effective: e.effective,
    expires: e.expires,
    start_date: e.start,
    end_date: e.end,
    is_folderish: e.isFolderish ? 1 : 0,
    exclude_from_nav: e.excludeFromNav ? 1 : 0,
    language: e.language,
    meta: JSON.stringify(e.meta),
  };
}

/** View tokens as catalog_access.view stores them: ' t1 t2 ' (search tests ' t '). */
export const viewColumn = (tokens: string[]) => ` ${tokens.join(' ')} `;
const viewTokens = (column: string) => column.split(' ').filter(Boolean);

const COLUMNS = Object.keys(columns({} as CatalogEntry)) as Array<keyof ReturnType<typeof columns>>;

/** The catalog row insert, compiled once: every create runs it. */
function insertCatalog(db: Kysely<Database>, caps: DialectCaps) {
  return new PreparedQuery(COLUMNS.length, (...values: unknown[]) => {
    const row = Object.fromEntries(COLUMNS.map((c, i) => [c, values[i]])) as ReturnType<typeof columns>;
    const q = db.insertInto('catalog').values(row);
    return caps.insertId ? q : q.returning('rid');
  });
}

export class CatalogWriter {
  private readonly insert: ReturnType<typeof insertCatalog>;
  private readonly insertAccess;

  constructor(
    private readonly caps: DialectCaps,
    root: Kysely<Database>,
  ) {
    this.insert = insertCatalog(root, caps);
    this.insertAccess = new PreparedQuery(
      5,
      (rid: number, portalType: string, effective: string, expires: string, view: string) =>
        root.insertInto('catalog_access').values({ rid, portal_type: portalType, effective, expires, view }),
    );
  }

  /**
   * Adds (`isNew`) or replaces the entry of `e.uid`. `view`: its view tokens,
   * required for a new entry; an existing one keeps its own unless given.
   */
  async index(db: Tx, e: CatalogEntry, opts: { isNew: boolean; view?: string[] }): Promise<void> {
    const values = columns(e);
    let rid: number;
    let view = opts.view;
    const access = { portal_type: e.portalType, effective: e.effective, expires: e.expires };
    if (!opts.isNew) {
      const existing = await db
        .selectFrom('catalog')
        .innerJoin('catalog_access', 'catalog_access.rid', 'catalog.rid')
        .select(['catalog.rid', 'catalog_access.view'])
        .where('catalog.uid', '=', e.uid)
        .executeTakeFirst();
      if (!existing) throw new Error(`catalog: no entry for ${e.uid} to update`);
      rid = Number(existing.rid);
      view ??= viewTokens(existing.view);
      await db.updateTable('catalog').set(values).where('rid', '=', rid).execute();
      await db
        .updateTable('catalog_access')
        .set({ ...access, view: viewColumn(view) })
        .where('rid', '=', rid)
        .execute();
      await db.deleteFrom('catalog_keywords').where('rid', '=', rid).execute();
    } else {
      if (!view) throw new Error(`catalog: a new entry for ${e.uid} needs its view tokens`);
      const result = await this.insert.run(db, ...COLUMNS.map((c) => values[c]));
      rid = Number(this.caps.insertId ? result.insertId : (result.rows[0] as unknown as { rid: number }).rid);
      await this.insertAccess.run(db, rid, e.portalType, e.effective, e.expires, viewColumn(view));
    }
    const keywords = Object.entries(e.keywords).flatMap(([idx, values]) =>
      values.map((value) => ({ idx, value, rid })),
    );
    if (keywords.length) await db.insertInto('catalog_keywords').values(keywords).execute();
    await this.caps.fullText.put(db, rid, e.text, e.language, view);
  }

  async unindex(db: Tx, uids: string[]): Promise<void> {
    for (let i = 0; i < uids.length; i += 500) {
      const chunk = uids.slice(i, i + 500);
      const rids = (await db.selectFrom('catalog').select('rid').where('uid', 'in', chunk).execute()).map(
        (r) => Number(r.rid),
      );
      if (!rids.length) continue;
      await db.deleteFrom('catalog_keywords').where('rid', 'in', rids).execute();
      await db.deleteFrom('catalog_access').where('rid', 'in', rids).execute();
      await this.caps.fullText.remove(db, rids);
      await db.deleteFrom('catalog').where('rid', 'in', rids).execute();
    }
  }

  /** getObjPositionInParent after a reorder. */
  async setPosition(db: Tx, parentUid: string, id: string, position: number): Promise<void> {
    await db
      .updateTable('catalog')
      .set({ position })
      .where('parent_uid', '=', parentUid)
      .where('id', '=', id)
      .execute();
  }

  /** Empties the catalog (before a full rebuild). */
  async clear(db: Tx): Promise<void> {
    const rids = (await db.selectFrom('catalog').select('rid').execute()).map((r) => Number(r.rid));
    await db.deleteFrom('catalog_keywords').execute();
    await db.deleteFrom('catalog_access').execute();
    for (let i = 0; i < rids.length; i += 500) await this.caps.fullText.remove(db, rids.slice(i, i + 500));
    await db.deleteFrom('catalog').execute();
  }
}
