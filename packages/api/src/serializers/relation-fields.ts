// Relation fields (relatedItems…) are stored as target UIDs and shown as the
// targets' summaries, as plone.restapi does; targets that are gone or that
// the reader may not View are left out. Every target UID is a dependency of
// the cached body (a title change or a restore from the trash shows up).
import { type ContentRecord, can, type JsonValue, relationFieldNames, type TypeInfo } from '@tessera/core';
import type { SerializeContext } from './content.js';
import { summarize } from './summary.js';

/** Summaries of the relation targets of `rec` the reader may see, by UID (null: gone or hidden). */
export async function relationTargets(
  ctx: SerializeContext,
  rec: ContentRecord,
  info: TypeInfo,
): Promise<Map<string, JsonValue | null>> {
  const out = new Map<string, JsonValue | null>();
  for (const field of relationFieldNames(info)) {
    const v = rec.data[field];
    for (const uid of typeof v === 'string' ? [v] : Array.isArray(v) ? v : []) {
      if (typeof uid !== 'string' || out.has(uid)) continue;
      const target = await ctx.tx.byUid(uid);
      out.set(
        uid,
        target && can(ctx.principal, 'View', target)
          ? (summarize(target, ctx.site, ctx.urls, ['UID']) as JsonValue)
          : null,
      );
    }
  }
  return out;
}
