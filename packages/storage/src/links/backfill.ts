// Migration 0012 fills the new links table from the content already there,
// so an upgraded site answers @linkintegrity at once. The type registry is
// read from the `types` table (relation fields of TTW types too); absolute
// URLs of the site's own origins are not known here (configuration), so
// only paths and resolveuid links count — POST @relations/rebuild after
// start adds them.
import { defaultIndexerContext, type IndexerContext, relationFieldNames, TypeRegistry } from '@tessera/core';
import type { Kysely } from 'kysely';
import { toRecord } from '../records.js';
import type { Database } from '../schema.js';
import { rebuildLinks } from './links-table.js';

export async function backfillLinks(db: Kysely<Database>) {
  const registry = new TypeRegistry();
  const types = await db.selectFrom('types').select(['name', 'def']).execute();
  registry.load(types.map((t) => ({ name: t.name, def: JSON.parse(t.def) })));
  const ctx: IndexerContext = {
    ...defaultIndexerContext,
    relationFields: (type) => {
      const info = registry.get(type);
      return info ? relationFieldNames(info) : (defaultIndexerContext.relationFields?.(type) ?? []);
    },
  };
  return rebuildLinks(db, ctx, toRecord);
}
