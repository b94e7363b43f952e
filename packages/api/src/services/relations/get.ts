// GET @relations: statistics of all relations, or the relations of a source,
// a target, a relation name (or a combination), only those whose both ends
// the user may View; `onlyBroken` lists sources whose targets are gone.
// https://6.docs.plone.org/plone.restapi/docs/source/endpoints/relations.html
import { badRequest, can, notFound, READONLY_RELATIONS, type ResolvedLink } from '@tessera/core';
import { rawQueryOf } from '../content/serialize.js';
import type { ServiceContext } from '../registry.js';
import { RecordCache, relationSummary, resolveRef, viewFilter } from './refs.js';

/** Most relations one query returns when `max` is not given. */
export const DEFAULT_MAX = 10_000;

const single = (ctx: ServiceContext, name: string): string | undefined => {
  const v = ctx.query[name];
  const s = Array.isArray(v) ? v[v.length - 1] : v;
  return s === undefined || s === '' ? undefined : s;
};

const truthy = (s: string | undefined) => s !== undefined && !/^(0|false|no|off)$/i.test(s);

export async function getRelations(ctx: ServiceContext) {
  const raw = rawQueryOf(ctx);
  const id = `${ctx.urls.siteUrl}/@relations${raw ? `?${decodeURIComponent(raw)}` : ''}`;
  const source = single(ctx, 'source');
  const target = single(ctx, 'target');
  const relation = single(ctx, 'relation');
  const maxRaw = single(ctx, 'max');
  const max = maxRaw === undefined ? DEFAULT_MAX : Number(maxRaw);
  if (!Number.isInteger(max) || max < 1 || max > DEFAULT_MAX)
    throw badRequest(`"max" must be an integer between 1 and ${DEFAULT_MAX}.`);
  const filter = viewFilter(ctx.principal);

  if (truthy(single(ctx, 'onlyBroken'))) {
    const relations: Record<string, { items: string[]; items_total: number }> = {};
    const records = new RecordCache(ctx.tx);
    for (const b of await ctx.tx.brokenLinks(relation)) {
      const src = await ctx.tx.byPath(b.sourcePath);
      if (!src || !(await visible(ctx, records, src.uid))) continue;
      if (!relations[b.relation]) relations[b.relation] = { items: [], items_total: 0 };
      const group = relations[b.relation];
      group.items.push(ctx.urls.url(b.sourcePath));
      group.items_total++;
    }
    return { body: { '@id': id, relations } };
  }

  if (source === undefined && target === undefined && relation === undefined) {
    const { stats, broken } = await ctx.tx.linkStats(filter);
    return { body: { '@id': id, broken, stats } };
  }

  const src = source === undefined ? undefined : await resolveRef(ctx, source);
  // One the user may not see is not found either (no hint that it exists).
  if (source !== undefined && !(src && can(ctx.principal, 'View', src)))
    throw notFound(`Source ${source} not found.`);
  const tgt = target === undefined ? undefined : await resolveRef(ctx, target);
  if (target !== undefined && !(tgt && can(ctx.principal, 'View', tgt)))
    throw notFound(`Target ${target} not found.`);
  const refine = single(ctx, 'query_target');
  let links = await ctx.tx.links(
    {
      source: src?.uid,
      target: tgt?.uid,
      relation,
      targetWithin: refine?.startsWith('/') ? [refine.replace(/\/+$/, '')] : undefined,
      limit: refine && !refine.startsWith('/') ? undefined : max,
    },
    filter,
  );
  const records = new RecordCache(ctx.tx);
  if (refine && !refine.startsWith('/')) links = await byTargetText(records, links, refine, max);
  const relations: Record<string, Record<string, unknown>> = {};
  // One item per (source, target) of a relation, whichever attributes hold it.
  const seen = new Set<string>();
  for (const link of links) {
    const key = `${link.relation}\0${link.source}\0${link.target}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const [s, t] = await Promise.all([records.get(link.source), records.get(link.target)]);
    if (!s || !t) continue;
    if (!relations[link.relation]) relations[link.relation] = { items: [], items_total: 0 };
    const group = relations[link.relation] as { items: unknown[]; items_total: number };
    group.items.push({ source: relationSummary(ctx, s), target: relationSummary(ctx, t) });
    group.items_total = group.items.length;
  }
  // Asked for by name, a relation tells whether it is edited through a field.
  if (relation !== undefined && relations[relation]) {
    relations[relation].readonly = READONLY_RELATIONS.has(relation);
    relations[relation].staticCatalogVocabularyQuery = null;
  }
  return { body: { '@id': id, relations } };
}

async function visible(ctx: ServiceContext, records: RecordCache, uid: string) {
  const rec = await records.get(uid);
  return rec !== undefined && can(ctx.principal, 'View', rec);
}

/** `query_target=wheel`: relations whose target's title contains the words (case-insensitive). */
async function byTargetText(records: RecordCache, links: ResolvedLink[], text: string, max: number) {
  const needle = text.toLowerCase();
  const out: ResolvedLink[] = [];
  for (const link of links) {
    const t = await records.get(link.target);
    const title = typeof t?.data.title === 'string' ? t.data.title.toLowerCase() : '';
    if (title.includes(needle)) out.push(link);
    if (out.length >= max) break;
  }
  return out;
}
