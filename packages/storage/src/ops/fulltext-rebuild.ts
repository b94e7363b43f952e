// Rebuilds `catalog_text` from the copied catalog and objects. Each database
// keeps full text in its own form (FTS5, tsvector, InnoDB FULLTEXT) that
// cannot be read back portably, so a copy recomputes it: the same
// SearchableText the write path indexes (catalogEntry plus the extracted
// text of file fields), under the copied catalog row ids.
import {
  catalogEntry,
  defaultIndexerContext,
  fileFieldFacts,
  type IndexerContext,
  TypeRegistry,
} from '@tessera/core';
import type { Kysely } from 'kysely';
import type { DialectCaps } from '../dialect.js';
import { toRecord } from '../kysely-storage.js';

/** Most characters of body text indexed per object (as the write path). */
const MAX_INDEXED_TEXT = 2_000_000;

/** The catalog's view of types: the site's own (TTW ones included), else the stock ones. */
async function siteIndexer(db: Kysely<any>): Promise<IndexerContext> {
  const types = new TypeRegistry();
  const rows = await db.selectFrom('types').select(['name', 'def']).execute();
  types.load(rows.map((r: { name: string; def: string }) => ({ name: r.name, def: JSON.parse(r.def) })));
  return {
    isFolderish: (t) => types.get(t)?.def.folderish ?? defaultIndexerContext.isFolderish(t),
    fileFields: (t) => {
      const info = types.get(t);
      return info ? fileFieldFacts(info) : defaultIndexerContext.fileFields(t);
    },
  };
}

/** Writes the full-text row of every catalog row; returns how many. Run in the target's transaction. */
export async function rebuildFullText(db: Kysely<any>, caps: DialectCaps): Promise<number> {
  const indexer = await siteIndexer(db);
  let after = -1;
  let n = 0;
  for (;;) {
    const rows = await db
      .selectFrom('catalog')
      .innerJoin('objects', 'objects.uid', 'catalog.uid')
      .innerJoin('catalog_access', 'catalog_access.rid', 'catalog.rid')
      .select([
        'catalog.rid as rid',
        'catalog_access.view as view',
        'objects.uid as uid',
        'objects.parent_uid as parent_uid',
        'objects.id as id',
        'objects.path as path',
        'objects.position as position',
        'objects.type as type',
        'objects.tid as tid',
        'objects.created as created',
        'objects.modified as modified',
        'objects.data as data',
        'objects.security as security',
      ])
      .where('catalog.rid', '>', after)
      .orderBy('catalog.rid')
      .limit(200)
      .execute();
    for (const row of rows) {
      const rec = toRecord(row);
      const entry = catalogEntry(rec, indexer);
      const blobs = indexer
        .fileFields(rec.type)
        .filter((f) => !f.image)
        .map((f) => (rec.data[f.name] as { blob?: unknown } | null | undefined)?.blob)
        .filter((b): b is string => typeof b === 'string');
      if (blobs.length) {
        const texts = await db.selectFrom('blob_texts').select('text').where('hash', 'in', blobs).execute();
        const words = texts.map((t: { text: string }) => t.text).filter(Boolean);
        if (words.length) entry.text.body = [entry.text.body, ...words].join(' ').slice(0, MAX_INDEXED_TEXT);
      }
      const view = String(row.view).split(' ').filter(Boolean);
      await caps.fullText.put(db, Number(row.rid), entry.text, entry.language, view);
      n++;
    }
    if (rows.length < 200) return n;
    after = Number(rows[rows.length - 1].rid);
  }
}
