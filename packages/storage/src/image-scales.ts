// The image_scales table (migration 0006): which blob holds each generated
// scale. Rows are immutable facts about content-addressed bytes, so they are
// written outside the content transactions, first writer wins.
import type { ImageScaleRecord } from '@tessera/core';
import type { Kysely, Transaction } from 'kysely';
import type { DialectCaps } from './dialect.js';
import type { Database } from './schema.js';

type Db = Kysely<Database> | Transaction<Database>;

export async function findImageScale(
  db: Db,
  source: string,
  key: string,
): Promise<ImageScaleRecord | undefined> {
  const row = await db
    .selectFrom('image_scales')
    .selectAll()
    .where('source', '=', source)
    .where('scale_key', '=', key)
    .executeTakeFirst();
  return (
    row && {
      source: row.source,
      key: row.scale_key,
      blob: row.blob,
      width: Number(row.width),
      height: Number(row.height),
      contentType: row.content_type,
      size: Number(row.size),
    }
  );
}

/** Inserts unless a row for (source, key) exists (two processes scaling at once); returns the stored row. */
export async function insertImageScale(
  db: Kysely<Database>,
  caps: DialectCaps,
  rec: ImageScaleRecord,
): Promise<ImageScaleRecord> {
  const q = db.insertInto('image_scales').values({
    source: rec.source,
    scale_key: rec.key,
    blob: rec.blob,
    width: rec.width,
    height: rec.height,
    content_type: rec.contentType,
    size: rec.size,
  });
  if (caps.onConflict) await q.onConflict((oc) => oc.columns(['source', 'scale_key']).doNothing()).execute();
  else await q.ignore().execute();
  return (await findImageScale(db, rec.source, rec.key)) ?? rec;
}
