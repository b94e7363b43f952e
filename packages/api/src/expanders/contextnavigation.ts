// @contextnavigation: the classic navigation portlet as a component. Its
// options come as query parameters prefixed `expand.contextnavigation.`
// (name, root_path, includeTop, currentFolderOnly, topLevel, bottomLevel,
// no_icons, thumb_scale, no_thumbs), with the portlet's defaults.
// https://6.docs.plone.org/plone.restapi/docs/source/endpoints/contextnavigation.html
import { type ContentRecord, can } from '@tessera/core';
import type { SerializeContext } from '../serializers/content.js';
import { siteSetting } from '../settings/index.js';
import type { Expander } from './index.js';
import {
  defaultPageId,
  isFolderish,
  type NavSettings,
  navSettings,
  normalizeId,
  remoteUrl,
} from './nav-common.js';
import { buildTree, type TreeNode } from './nav-tree.js';
import { isNavigationRoot, navigationRoot } from './navroot.js';

const PREFIX = 'expand.contextnavigation.';

export interface PortletOptions {
  name: string;
  rootPath: string | null;
  includeTop: boolean;
  currentFolderOnly: boolean;
  topLevel: number;
  bottomLevel: number;
  noIcons: boolean;
  thumbScale: string;
  noThumbs: boolean;
}

/** The options as zope.schema reads them from text (Bool: 'True'/'true'/'on'). */
export function portletOptions(query: Record<string, unknown>): PortletOptions {
  const raw = (name: string): string | undefined => {
    const v = query[PREFIX + name];
    const s = Array.isArray(v) ? v[v.length - 1] : v;
    return typeof s === 'string' ? s : undefined;
  };
  const bool = (name: string, fallback: boolean) => {
    const s = raw(name);
    return s === undefined ? fallback : s === 'True' || s === 'true' || s === 'on' || s === '1';
  };
  const int = (name: string, fallback: number) => {
    const s = raw(name)?.trim();
    return s !== undefined && /^[+-]?\d+$/.test(s) ? Number.parseInt(s, 10) : fallback;
  };
  return {
    name: raw('name') ?? '',
    rootPath: raw('root_path') ?? null,
    includeTop: bool('includeTop', false),
    currentFolderOnly: bool('currentFolderOnly', false),
    topLevel: int('topLevel', 1),
    bottomLevel: int('bottomLevel', 0),
    noIcons: bool('no_icons', false),
    thumbScale: raw('thumb_scale') ?? '',
    noThumbs: bool('no_thumbs', false),
  };
}

const within = (path: string, root: string) => path === root || path.startsWith(`${root}/`);

/** What the portlet's `root_path` names: the site when it names nothing, null when unset. */
async function chosenRoot(ctx: SerializeContext, rootPath: string | null): Promise<ContentRecord | null> {
  if (rootPath === null) return null;
  const clean = rootPath.replace(/^\/+|\/+$/g, '');
  const site = (await ctx.tx.byPath(''))!;
  if (clean === '') return site;
  const found = await ctx.tx.byPath(`/${clean}`);
  return found && can(ctx.principal, 'View', found) ? found : site;
}

interface Place {
  /** The object the portlet is shown on, and its container. */
  rec: ContentRecord;
  parent: ContentRecord | undefined;
  /** The current object is its folder's default page (the folder stands for it). */
  isDefaultPage: boolean;
  navRoot: ContentRecord;
}

/** Plone's getRootPath: where the tree starts, or null when the portlet has nothing to show here. */
function rootPathOf(place: Place, opts: PortletOptions, chosen: ContentRecord | null, ctx: SerializeContext) {
  const { rec, parent } = place;
  if (opts.currentFolderOnly) {
    const folderish = isFolderish(ctx.site, rec);
    return !folderish || place.isDefaultPage ? (parent?.path ?? rec.path) : rec.path;
  }
  let root = chosen ? chosen.path : place.navRoot.path;
  if (opts.topLevel > 0) {
    if (!within(rec.path, root) || rec.path === root) return null;
    const below = rec.path.slice(root.length + 1).split('/');
    if (below.length < opts.topLevel) return null;
    root = `${root}/${below.slice(0, opts.topLevel).join('/')}`;
  }
  return root;
}

export const contextnavigation: Expander = async (ctx, rec) => {
  const opts = portletOptions(ctx.query);
  const deps: string[] = [rec.uid];
  const parent = rec.parentUid ? await ctx.tx.byUid(rec.parentUid) : undefined;
  const isDefaultPage = parent ? (await defaultPageId(ctx.site, ctx.tx, parent)) === rec.id : false;
  const place: Place = { rec, parent, isDefaultPage, navRoot: await navigationRoot(ctx, rec) };
  const chosen = await chosenRoot(ctx, opts.rootPath);
  const rootPath = rootPathOf(place, opts, chosen, ctx);
  const root = rootPath === null ? undefined : await ctx.tx.byPath(rootPath);
  const settings = navSettings(ctx.site);

  // The current object: a default page's folder stands for it.
  const current = isDefaultPage && parent ? parent : rec;
  let nodes: TreeNode[] = [];
  if (root && opts.bottomLevel >= 0) {
    deps.push(root.uid);
    const path = within(current.path, root.path)
      ? [...(await ctx.tx.ancestors(current.path)), current].filter((r) => r.path.length > root.path.length)
      : [];
    nodes = await buildTree(ctx, { root, bottomLevel: opts.bottomLevel, path, settings }, deps);
  }
  const available = root !== undefined && (opts.bottomLevel < 0 || nodes.length > 0);
  const body: Record<string, unknown> = {
    '@id': `${ctx.urls.url(rec.path)}/@contextnavigation`,
    available,
    has_custom_name: opts.name !== '',
    items: [],
    title: opts.name || 'Navigation',
    url: headingLink(ctx, place, opts, root),
  };
  if (available && root) {
    const render = renderer(ctx, opts, settings, current, place.navRoot);
    const items: unknown[] = [];
    if (opts.includeTop) items.push(topItem(ctx, root, place));
    if (opts.bottomLevel >= 0) items.push(...render(nodes, 1));
    body.items = items;
  }
  return { body, deps };
};

/** Where the portlet's heading links to: a site map for navigation roots, else the chosen root. */
function headingLink(
  ctx: SerializeContext,
  place: Place,
  opts: PortletOptions,
  root: ContentRecord | undefined,
) {
  if (!opts.rootPath && !opts.currentFolderOnly) return `${ctx.urls.url(place.navRoot.path)}/sitemap`;
  if (!root) return null;
  const url = ctx.urls.url(root.path);
  return isNavigationRoot(ctx, root) ? `${url}/sitemap` : url;
}

/** The root itself, first in the list when includeTop asks for it. */
function topItem(ctx: SerializeContext, root: ContentRecord, place: Place) {
  const isSite = root.parentUid === null;
  const title = (root.data.title as string) || (isSite ? '' : root.id);
  const url = ctx.urls.url(root.path);
  return {
    '@id': url,
    description: (root.data.description as string) || '',
    href: url,
    icon: '',
    is_current: root.uid === place.rec.uid || (place.isDefaultPage && root.uid === place.parent?.uid),
    is_folderish: true,
    is_in_path: true,
    items: [],
    normalized_id: normalizeId(isSite ? String(siteSetting(ctx.site, 'plone.site_title') ?? title) : title),
    review_state: isSite ? '' : ((root.data.review_state as string | undefined) ?? ''),
    thumb: '',
    title: isSite ? 'Home' : title,
    type: isSite ? 'plone-site' : normalizeId(root.type),
  };
}

/** The scale of thumbnails: the options' override, else the site panel's, undefined for none. */
function thumbScale(ctx: SerializeContext, opts: PortletOptions): string | undefined {
  if (opts.noThumbs) return undefined;
  if (opts.thumbScale) return opts.thumbScale;
  // As Plone: the panel's "no thumbs" yields the scale name 'none'.
  if (siteSetting(ctx.site, 'plone.no_thumbs_portlet') === true) return 'none';
  const scale = siteSetting(ctx.site, 'plone.thumb_scale_portlet');
  return typeof scale === 'string' && scale !== '' ? scale : undefined;
}

function renderer(
  ctx: SerializeContext,
  opts: PortletOptions,
  settings: NavSettings,
  current: ContentRecord,
  navRoot: ContentRecord,
) {
  const scale = thumbScale(ctx, opts);
  const navRootUrl = ctx.urls.url(navRoot.path);
  const render = (nodes: TreeNode[], level: number): unknown[] =>
    nodes.map((node) => {
      const { rec } = node;
      const url = ctx.urls.url(rec.path);
      const itemUrl = settings.viewActionTypes.has(rec.type) ? `${url}/view` : url;
      const remote = remoteUrl(rec, ctx.urls.siteUrl, navRootUrl);
      const creator = (rec.data.creators as string[] | undefined)?.[0];
      const deeper = node.showChildren && (opts.bottomLevel === 0 || level < opts.bottomLevel);
      return {
        '@id': itemUrl,
        description: (rec.data.description as string) || '',
        // Links lead to their target, except for their creator (who may want to edit them).
        href: remote && creator !== ctx.principal.id ? remote : itemUrl,
        icon: !opts.noIcons && rec.type === 'File' ? mimeIcon(rec, navRootUrl) : '',
        is_current: rec.uid === current.uid,
        is_folderish: node.showChildren,
        is_in_path: current.path.startsWith(`${rec.path}/`),
        items: deeper ? render(node.children, level + 1) : [],
        normalized_id: normalizeId(rec.id),
        review_state: (rec.data.review_state as string | undefined) || '',
        thumb: scale && hasImage(rec) ? `${url}/@@images/image/${scale}` : '',
        title: (rec.data.title as string) || rec.id,
        type: normalizeId(rec.type),
      };
    });
  return render;
}

function hasImage(rec: ContentRecord): boolean {
  const image = rec.data.image;
  return image !== null && typeof image === 'object';
}

/** The mimetype icons Plone ships, for the common file types; null (as Plone) when it knows none. */
const MIME_ICONS: Array<[RegExp, string]> = [
  [/^application\/pdf$/, 'pdf.png'],
  [/^text\/plain$/, 'txt.png'],
  [/^text\/html$/, 'html.png'],
  [/^image\//, 'image.png'],
  [/^video\//, 'video.png'],
  [/^audio\//, 'audio.png'],
  [/^application\/(zip|x-zip-compressed|gzip|x-tar)$/, 'zip.png'],
  [/^application\/(msword|vnd\.openxmlformats-officedocument\.wordprocessingml\.document)$/, 'doc.png'],
  [/^application\/(vnd\.ms-excel|vnd\.openxmlformats-officedocument\.spreadsheetml\.sheet)$/, 'xls.png'],
];

function mimeIcon(rec: ContentRecord, navRootUrl: string): string | null {
  const file = rec.data.file as { 'content-type'?: unknown; contentType?: unknown } | undefined;
  const type = String(file?.['content-type'] ?? file?.contentType ?? '');
  const icon = MIME_ICONS.find(([re]) => re.test(type))?.[1];
  return icon ? `${navRootUrl}/++resource++mimetype.icons/${icon}` : null;
}
