// Full serialization of one content object for GET (and the representation
// returned by POST/PATCH), in plone.restapi's shape:
// base keys → schema fields → folder items → @components (expanders).
// https://6.docs.plone.org/plone.restapi/docs/source/usage/serialization.html
import type { ContentRecord, Principal, ReadTx } from '@tessera/core';
import { type CacheBounds, listFilter } from '../access.js';
import { COMPONENTS, componentLink, expand } from '../expanders/index.js';
import type { Site } from '../site.js';
import type { SiteUrls } from '../traversal.js';
import { batchingLinks, readBatch } from './batching.js';
import { metadataFieldsFrom, summarize } from './summary.js';

export interface SerializeContext {
  site: Site;
  tx: ReadTx;
  urls: SiteUrls;
  principal: Principal;
  query: Record<string, unknown>;
  rawQuery: string;
  /** Shared with the request: time-filtered listings shorten the cache lifetime. */
  cacheBounds?: CacheBounds;
}

export interface Serialized {
  body: Record<string, unknown>;
  /** Uids the body was built from (for the serialization cache). */
  deps: string[];
}

const truthy = (v: unknown) => {
  const s = Array.isArray(v) ? v[v.length - 1] : v;
  return s === '1' || s === 'true' || s === 'True' || s === 'yes' || s === 'on';
};

export function expandList(query: Record<string, unknown>): string[] {
  const v = query.expand;
  const list = (Array.isArray(v) ? v : v === undefined ? [] : [v]) as unknown[];
  return list
    .flatMap((s) => (typeof s === 'string' ? s.split(',') : []))
    .map((s) => s.trim())
    .filter(Boolean);
}

export async function serializeContent(
  ctx: SerializeContext,
  rec: ContentRecord,
  opts: {
    items?: boolean;
    fullobjects?: boolean;
    parent?: ContentRecord;
    /** false: no @components at all (an object embedded in another component, like @navroot's). */
    components?: boolean;
  } = {},
): Promise<Serialized> {
  const { site, tx, urls } = ctx;
  const info = site.types.get(rec.type);
  const url = urls.url(rec.path);
  const isRoot = rec.parentUid === null;
  const deps = [rec.uid];
  const body: Record<string, unknown> = {};

  if (opts.components !== false) {
    const components: Record<string, unknown> = {};
    for (const name of COMPONENTS) {
      const link = componentLink(name, ctx, rec, url);
      if (link !== undefined) components[name] = link;
    }
    const wanted = expandList(ctx.query);
    for (const name of wanted) {
      if (!COMPONENTS.includes(name)) continue;
      const expanded = await expand(name, ctx, rec);
      if (expanded && !expanded.omit) {
        components[name] = expanded.body;
        deps.push(...expanded.deps);
      }
    }
    body['@components'] = components;
  }
  body['@id'] = url;
  body['@type'] = rec.type;
  body.UID = rec.uid;
  body.allow_discussion = false;
  if (!isRoot) {
    body.created = rec.created;
    body.modified = rec.modified;
  }
  body.id = isRoot ? site.config.siteId : rec.id;
  body.is_folderish = info?.def.folderish ?? false;
  body.layout = (rec.data.layout as string | undefined) ?? info?.def.defaultView ?? 'view';
  body.lock = info?.lockable ? { locked: false, stealable: true } : {};
  if (isRoot) {
    body.parent = {};
  } else {
    const parent =
      opts.parent?.uid === rec.parentUid
        ? opts.parent
        : rec.parentUid
          ? await tx.byUid(rec.parentUid)
          : undefined;
    body.parent = parent ? summarize(parent, site, urls) : {};
    if (parent) deps.push(parent.uid);
    body.next_item = {};
    body.previous_item = {};
    body.version = 'current';
  }
  body.review_state = (rec.data.review_state as string | undefined) ?? null;
  body.type_title = info?.def.title ?? rec.type;
  body.working_copy = null;
  body.working_copy_of = null;

  // Schema fields (the type's own and its behaviors'), serialized per field type.
  if (info) Object.assign(body, info.serializeFields(rec, { siteUrl: urls.siteUrl, isRoot, url }));
  body.id = isRoot ? site.config.siteId : rec.id;
  // plone.restapi reports whether discussion is enabled here, as a boolean.
  body.allow_discussion = false;

  if (body.is_folderish && opts.items !== false && !(ctx.query.include_items === 'false')) {
    const batch = readBatch(ctx.query, { size: site.config.defaultBatchSize, max: site.config.maxBatchSize });
    const filter = listFilter(ctx.principal, rec, ctx.cacheBounds);
    const total = await tx.countChildren(rec.uid, filter);
    const children = await tx.children(rec.uid, { start: batch.start, limit: batch.size }, filter);
    const metadataFields = metadataFieldsFrom(ctx.query);
    const fullobjects = opts.fullobjects ?? truthy(ctx.query.fullobjects);
    const items = [];
    for (const child of children) {
      deps.push(child.uid);
      if (fullobjects) {
        const full = await serializeContent({ ...ctx, query: {} }, child, { items: false });
        items.push(full.body);
      } else {
        items.push(summarize(child, site, urls, metadataFields));
      }
    }
    body.items = items;
    body.items_total = total;
    const links = batchingLinks(url, ctx.rawQuery, batch, total);
    if (links) body.batching = links;
  }
  return { body: sortKeys(body), deps };
}

/** plone.restapi's JSON comes out key-sorted; keep ours the same for diffs. */
function sortKeys(obj: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(obj).sort()) out[k] = obj[k];
  return out;
}
