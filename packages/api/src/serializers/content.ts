// Full serialization of one content object for GET (and the representation
// returned by POST/PATCH), in plone.restapi's shape:
// base keys → schema fields → folder items → @components (expanders).
// https://6.docs.plone.org/plone.restapi/docs/source/usage/serialization.html
import { type ContentRecord, can, type Principal, type ReadTx } from '@tessera/core';
import { type CacheBounds, listFilter } from '../access.js';
import { COMPONENTS, componentLink, type Expanded, expand } from '../expanders/index.js';
import { navigationRootKey } from '../expanders/navroot.js';
import { lockInfo } from '../locking.js';
import { discussionAllowed } from '../settings/discussion.js';
import type { Site } from '../site.js';
import type { SiteUrls } from '../traversal.js';
import { batchingLinks, readBatch } from './batching.js';
import { collectionItems, isCollection } from './collection.js';
import { nextPrevious } from './next-previous.js';
import { relationTargets } from './relation-fields.js';
import { metadataFieldsFrom, summarize } from './summary.js';
import { workingCopyKeys } from './working-copy.js';

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
  /** Built from a catalog query: cannot be cached by the uids it shows. */
  volatile?: boolean;
  /** Uids the body was built from (for the serialization cache). */
  deps: string[];
}

/** plone.restapi asks for full objects by the parameter's presence (`?fullobjects`); 0/false say no. */
export function wantsFullObjects(v: unknown): boolean {
  if (v === undefined) return false;
  const s = Array.isArray(v) ? v[v.length - 1] : v;
  return !(typeof s === 'string' && /^(0|false|no|off)$/i.test(s));
}

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
      const expanded = await expandShared(name, ctx, rec);
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
  body.lock = info?.lockable ? await lockInfo(tx, rec, urls, ctx.principal, ctx.cacheBounds) : {};
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
    const np = await nextPrevious(ctx, rec, parent);
    body.next_item = np.next_item;
    body.previous_item = np.previous_item;
    deps.push(...np.deps);
    body.version = 'current';
  }
  body.review_state = (rec.data.review_state as string | undefined) ?? null;
  body.type_title = info?.def.title ?? rec.type;
  const wc = await workingCopyKeys(ctx, rec);
  body.working_copy = wc.working_copy;
  body.working_copy_of = wc.working_copy_of;
  if (wc.lock && info?.lockable) body.lock = wc.lock;
  deps.push(...wc.deps);

  // Schema fields (the type's own and its behaviors'), serialized per field type.
  if (info) {
    const related = await relationTargets(ctx, rec, info);
    deps.push(...related.keys());
    const relationSummary = (uid: string) => related.get(uid) ?? null;
    Object.assign(body, info.serializeFields(rec, { siteUrl: urls.siteUrl, isRoot, url, relationSummary }));
  }
  body.id = isRoot ? site.config.siteId : rec.id;
  // plone.restapi reports whether discussion is enabled here, as a boolean.
  body.allow_discussion = discussionAllowed(site, rec);

  if (body.is_folderish && opts.items !== false && !(ctx.query.include_items === 'false')) {
    const batch = readBatch(ctx.query, { size: site.config.defaultBatchSize, max: site.config.maxBatchSize });
    const filter = listFilter(ctx.principal, rec, ctx.cacheBounds);
    const total = await tx.countChildren(rec.uid, filter);
    const children = await tx.children(rec.uid, { start: batch.start, limit: batch.size }, filter);
    const metadataFields = metadataFieldsFrom(ctx.query);
    const fullobjects = opts.fullobjects ?? wantsFullObjects(ctx.query.fullobjects);
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
  if (
    !body.is_folderish &&
    isCollection(rec) &&
    opts.items !== false &&
    ctx.query.include_items !== 'false'
  ) {
    const found = await collectionItems(
      ctx,
      rec,
      opts.fullobjects ?? wantsFullObjects(ctx.query.fullobjects),
    );
    body.items = found.items;
    body.items_total = found.items_total;
    if (found.batching) body.batching = found.batching;
    // Any write anywhere may change a query's results: never cache this body.
    return { body: sortKeys(body), deps, volatile: true };
  }
  return { body: sortKeys(body), deps };
}

/**
 * Components whose body is the same on every page — for one principal, one
 * site URL and `key` — except for what `adapt` puts back for the object at
 * hand. They are built once and kept in the site's cache (invalidated like
 * responses: by the objects they were built from, and by any type, user or
 * settings change). Volto asks for navigation and types on every page.
 * Components that depend on the object itself (breadcrumbs, actions,
 * workflow…) are built per object (and cached with its response).
 */
interface SharedComponent {
  key(ctx: SerializeContext, rec: ContentRecord): string | Promise<string>;
  adapt(value: unknown, ctx: SerializeContext, rec: ContentRecord): unknown;
  /** The dependencies to keep (default: all the expander reported). */
  deps?(expanded: Expanded, rec: ContentRecord): string[];
}

const SHARED: Record<string, SharedComponent> = {
  // The site's top levels: only its '@id' names the object.
  navigation: {
    key: async (ctx, rec) =>
      `depth=${JSON.stringify(ctx.query['expand.navigation.depth'] ?? null)}\nroot=${await navigationRootKey(ctx, rec)}`,
    adapt: (value, ctx, rec) => ({ ...(value as object), '@id': `${ctx.urls.url(rec.path)}/@navigation` }),
  },
  // The types addable here: a function of the object's type and of whether
  // the principal may add here (local roles differ from object to object).
  types: {
    key: (ctx, rec) => `type=${rec.type}\nadd=${can(ctx.principal, 'Add portal content', rec)}`,
    adapt: (value) => value,
    deps: () => [],
  },
};

/**
 * What the URLs in a body depend on besides the site URL: the physical prefix
 * a virtual root hides (SiteUrls keeps it private; it is what url() strips
 * from `path`). Null when that cannot be told from `path`.
 */
function hiddenPrefix(ctx: SerializeContext, path: string): string | null {
  const { siteUrl } = ctx.urls;
  const url = ctx.urls.url(path);
  if (!url.startsWith(siteUrl)) return null;
  const visible = url.slice(siteUrl.length);
  return path.endsWith(visible) ? path.slice(0, path.length - visible.length) : null;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

export async function expandShared(
  name: string,
  ctx: SerializeContext,
  rec: ContentRecord,
): Promise<Expanded | undefined> {
  const shared = SHARED[name];
  const hidden = shared ? hiddenPrefix(ctx, rec.path) : null;
  if (!shared || hidden === null) return expand(name, ctx, rec);
  const key = `${name}\n${ctx.principal.id ?? ''}\n${ctx.urls.siteUrl}\n${hidden}\n${await shared.key(ctx, rec)}`;
  const cache = ctx.site.cache;
  const bound = (until: number | undefined) => {
    if (until !== undefined && ctx.cacheBounds)
      ctx.cacheBounds.until = Math.min(ctx.cacheBounds.until, until);
  };
  const hit = cache.getComponent(key);
  if (hit) {
    bound(hit.until);
    return { body: shared.adapt(hit.value, ctx, rec), deps: hit.deps };
  }
  // Built from this transaction's snapshot: valid until a dependency changes after it.
  const tid = await ctx.tx.lastTid();
  // Its own bounds: a listing filtered by publication window ends the component's life too.
  const bounds = { until: Number.POSITIVE_INFINITY };
  const expanded = await expand(name, { ...ctx, cacheBounds: bounds }, rec);
  if (!expanded) return undefined;
  bound(bounds.until);
  const deps = shared.deps ? shared.deps(expanded, rec) : expanded.deps;
  // Frozen: one value is shared by many responses.
  cache.setComponent(key, { value: deepFreeze(expanded.body), tid, deps, until: bounds.until });
  return { body: shared.adapt(expanded.body, ctx, rec), deps };
}

/** plone.restapi's JSON comes out key-sorted; keep ours the same for diffs. */
function sortKeys(obj: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(obj).sort()) out[k] = obj[k];
  return out;
}
