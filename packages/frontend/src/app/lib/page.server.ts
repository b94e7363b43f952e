// Loads one content page: the content itself, then everything its blocks
// refer to (teaser targets, listing results, resolveuid links), in parallel.
// Records every UID used, for the surrogate-key headers.
import { type ContextNav, contextNavOf } from '../components/layout/context-navigation.js';
import { pageError, redirect } from '../router/responses.js';
import { addUids, api } from './api.server.js';
import { type BlockData, slateLinks, slateValuesOf, walkBlocks } from './blocks-walk.js';
import type { TesseraContext } from './context.js';
import { languageOf } from './i18n.js';
import { FOLDER_PAGE_SIZE, pageParam, pathOf } from './paths.js';
import { sanitize } from './sanitize.server.js';
import { expandRemoteUrl, resolveUidOf, safeUrl } from './urls.js';

export interface Listing {
  items: any[];
  total: number;
  page: number;
  pages: number;
}

export interface PageDeps {
  /** Teaser target by block id; null when the target is gone or not visible. */
  teasers: Record<string, any | null>;
  listings: Record<string, Listing | null>;
  /** Sanitised markup of HTML blocks by block id. */
  html: Record<string, string>;
  /** Site path by UID, for resolveuid links. */
  resolved: Record<string, string>;
}

export interface PageData {
  content: any;
  deps: PageDeps;
  breadcrumbs: { '@id': string; title: string }[];
  contextNav: ContextNav | null;
  lang: string | null;
}

const LISTING_FIELDS = '_all';

export async function loadPage(ctx: TesseraContext, path: string, url: URL): Promise<PageData> {
  const page = pageNumber(url.searchParams.get('page'));
  const res = await api(
    ctx,
    `${path}?expand=breadcrumbs,contextnavigation&metadata_fields=UID&metadata_fields=image_scales&metadata_fields=modified` +
      `&b_size=${FOLDER_PAGE_SIZE}&b_start=${(page - 1) * FOLDER_PAGE_SIZE}`,
  );
  if (res.status === 404 || res.status === 400) throw pageError(404);
  if (res.status === 401 || res.status === 403) throw pageError(401);
  if (res.status !== 200 || !res.body) throw new Error(`backend answered ${res.status} for ${path}`);
  const content = res.body;
  if (typeof content.UID === 'string') {
    ctx.pageUid = content.UID;
    ctx.uids.add(content.UID);
  }
  addUids(ctx, content.items);

  // Plone redirects anonymous visitors of a Link to its target; editors see the link.
  if (content['@type'] === 'Link' && !ctx.token && typeof content.remoteUrl === 'string') {
    const target = safeUrl(expandRemoteUrl(content.remoteUrl));
    if (target !== '#') throw redirect(target, 302);
  }

  const deps = await loadDeps(ctx, content, url);
  const breadcrumbs = content['@components']?.breadcrumbs?.items ?? [];
  const contextNav = contextNavOf(content['@components']?.contextnavigation);
  // The serialised page goes into the HTML for hydration: drop what no view reads.
  const { '@components': _components, ...rest } = content;
  return { content: rest, deps, breadcrumbs, contextNav, lang: languageOf(content.language) };
}

async function loadDeps(ctx: TesseraContext, content: any, url: URL): Promise<PageDeps> {
  const deps: PageDeps = { teasers: {}, listings: {}, html: {}, resolved: {} };
  const work: Promise<void>[] = [];
  const uidsToResolve = new Set<string>();
  const teasers = new Map<string, string>();
  for (const [id, block] of walkBlocks(content)) {
    switch (block['@type']) {
      case 'teaser': {
        const path = teaserPath(block);
        if (path) teasers.set(id, path);
        break;
      }
      case 'listing':
        work.push(
          loadListing(ctx, content, block, pageNumber(url.searchParams.get(pageParam(id)))).then((l) => {
            deps.listings[id] = l;
          }),
        );
        break;
      case 'html':
        deps.html[id] = sanitize(block.html);
        // The page data is serialised into the HTML for hydration: ship only the sanitised markup.
        block.html = deps.html[id];
        break;
      default:
        // Only the slate value is rendered; its plain-text copy would double the hydration data.
        if (block['@type'] === 'slate') delete block.plaintext;
        for (const value of slateValuesOf(block))
          for (const link of slateLinks(value)) {
            const r = resolveUidOf(link);
            if (r) uidsToResolve.add(r.uid);
          }
    }
  }
  if (teasers.size) work.push(loadTeasers(ctx, teasers, deps.teasers));
  if (uidsToResolve.size) work.push(resolveUids(ctx, [...uidsToResolve], deps.resolved));
  await Promise.all(work);
  return deps;
}

function pageNumber(raw: string | null): number {
  const n = Number(raw);
  return Number.isInteger(n) && n > 0 && n < 10_000 ? n : 1;
}

function teaserPath(block: BlockData): string | null {
  const href = Array.isArray(block.href) ? block.href[0] : null;
  return pathOf(href?.['@id']);
}

/**
 * All teaser targets of the page in one catalog query (each path at depth 0)
 * instead of one content GET per teaser. A target that is gone or not visible
 * to the visitor is simply not in the results: its teaser gets null.
 */
async function loadTeasers(
  ctx: TesseraContext,
  byBlock: Map<string, string>,
  out: Record<string, any | null>,
) {
  const qs = new URLSearchParams();
  for (const path of new Set(byBlock.values())) qs.append('path.query', path);
  qs.set('path.depth', '0');
  qs.set('b_size', String(Math.min(byBlock.size, 100)));
  qs.append('metadata_fields', 'UID');
  qs.append('metadata_fields', 'image_scales');
  const found = new Map<string, any>();
  try {
    const res = await api(ctx, `/@search?${qs}`, { shared: true });
    for (const t of res.status === 200 && Array.isArray(res.body?.items) ? res.body.items : []) {
      if (!t || typeof t['@id'] !== 'string') continue;
      if (typeof t.UID === 'string') ctx.uids.add(t.UID);
      found.set(t['@id'], {
        '@id': t['@id'],
        '@type': t['@type'],
        title: t.title,
        description: t.description,
        image_scales: t.image_scales ?? null,
      });
    }
  } catch {
    // The teasers render their placeholder; the rest of the page works.
  }
  for (const [id, path] of byBlock) out[id] = found.get(path) ?? null;
}

function listingQuery(content: any, block: BlockData, page: number) {
  const qs = block.querystring && typeof block.querystring === 'object' ? block.querystring : block;
  let query = Array.isArray(qs.query) ? qs.query : [];
  if (query.length === 0) {
    // Volto lists the context's own items when the listing has no criteria.
    const here = pathOf(content['@id']) ?? '/';
    query = [{ i: 'path', o: 'plone.app.querystring.operation.string.absolutePath', v: `${here}::1` }];
  }
  const size = Math.min(Math.max(Number(qs.b_size) || 25, 1), 100);
  const limit = Number(qs.limit) > 0 ? Number(qs.limit) : undefined;
  return {
    query,
    sort_on: typeof qs.sort_on === 'string' ? qs.sort_on : undefined,
    sort_order: qs.sort_order === true || qs.sort_order === 'descending' ? 'descending' : 'ascending',
    b_size: size,
    b_start: (page - 1) * size,
    limit,
    metadata_fields: LISTING_FIELDS,
  };
}

async function loadListing(ctx: TesseraContext, content: any, block: BlockData, page: number) {
  try {
    const body = listingQuery(content, block, page);
    const res = await api(ctx, `${pathOf(content['@id']) ?? '/'}/@querystring-search`.replace('//', '/'), {
      method: 'POST',
      body,
      shared: true,
    });
    if (res.status !== 200 || !Array.isArray(res.body?.items)) return null;
    addUids(ctx, res.body.items);
    const total = Number(res.body.items_total) || res.body.items.length;
    return { items: res.body.items, total, page, pages: Math.max(1, Math.ceil(total / body.b_size)) };
  } catch {
    return null;
  }
}

async function resolveUids(ctx: TesseraContext, uids: string[], out: Record<string, string>) {
  const qs = new URLSearchParams();
  for (const uid of uids) qs.append('UID', uid);
  qs.set('metadata_fields', 'UID');
  try {
    const res = await api(ctx, `/@search?${qs}`);
    for (const item of res.body?.items ?? []) {
      if (typeof item.UID === 'string' && typeof item['@id'] === 'string') {
        out[item.UID] = item['@id'];
        ctx.uids.add(item.UID);
      }
    }
  } catch {
    // Unresolved links render as plain text.
  }
}
