// The tree under a navigation root that @contextnavigation renders, built
// with the semantics of Plone's navigation portlet (buildFolderTree with the
// portlet's strategy): the root's subtree down to `bottomLevel` levels (0: no
// limit), in position order, only what the principal may View and the
// navigation panel lists, without default pages, without items excluded from
// navigation (and what lies below them) — except that the folders on the way
// to the current object are always shown, as Plone's `showAllParents` does.
// Built level by level from the storage's (security-filtered) listings, with
// a budget on how many objects one tree may list.
import { type ContentRecord, can } from '@tessera/core';
import { listFilter } from '../access.js';
import type { SerializeContext } from '../serializers/content.js';
import { defaultPageId, isFolderish, listable, mayHoldDefaultPage, type NavSettings } from './nav-common.js';

/** Children listed per folder, and objects per tree: a navigation is not a site map. */
export const MAX_PER_FOLDER = 200;
export const MAX_NODES = 1000;
/** Levels below the root when bottomLevel is 0 (Plone asks its catalog for 999). */
const MAX_LEVELS = 20;

export interface TreeNode {
  rec: ContentRecord;
  /** Levels below the tree's root (its children are at 1). */
  depth: number;
  /** Its children are listed (folderish and not of a type whose children are never queried). */
  showChildren: boolean;
  children: TreeNode[];
}

export interface TreeInput {
  root: ContentRecord;
  /** 0: no limit. */
  bottomLevel: number;
  /** The objects from the root's children down to the current object (forced into the tree). */
  path: ContentRecord[];
  settings: NavSettings;
}

/** The root's children as tree nodes; `deps` collects every object listed. */
export async function buildTree(
  ctx: SerializeContext,
  input: TreeInput,
  deps: string[],
): Promise<TreeNode[]> {
  const { root, settings } = input;
  const limit = input.bottomLevel > 0 ? Math.min(input.bottomLevel, MAX_LEVELS) : MAX_LEVELS;
  const forced = new Map(input.path.map((r) => [r.uid, r]));
  const top: TreeNode[] = [];
  let budget = MAX_NODES;
  // Breadth first, so that a spent budget cuts the deepest levels, not a whole branch.
  let frontier: Array<{ rec: ContentRecord; into: TreeNode[]; depth: number }> = [
    { rec: root, into: top, depth: 0 },
  ];
  while (frontier.length > 0) {
    const next: typeof frontier = [];
    for (const parent of frontier) {
      if (parent.depth >= limit) continue;
      const onPath = parent.rec === root || forced.has(parent.rec.uid);
      if (budget <= 0 && !onPath) continue;
      const kids = await listChildren(ctx, parent.rec, settings, forced, Math.min(MAX_PER_FOLDER, budget));
      for (const rec of kids) {
        deps.push(rec.uid);
        budget--;
        const showChildren = isFolderish(ctx.site, rec) && !settings.parentTypesNotToQuery.has(rec.type);
        const node: TreeNode = { rec, depth: parent.depth + 1, showChildren, children: [] };
        parent.into.push(node);
        if (showChildren || forced.has(rec.uid)) next.push({ rec, into: node.children, depth: node.depth });
      }
    }
    frontier = next;
  }
  return top;
}

/** One folder's children that belong in the tree, plus the one on the current path. */
async function listChildren(
  ctx: SerializeContext,
  folder: ContentRecord,
  settings: NavSettings,
  forced: Map<string, ContentRecord>,
  limit: number,
): Promise<ContentRecord[]> {
  const filter = listFilter(ctx.principal, folder, ctx.cacheBounds);
  const all = limit > 0 ? await ctx.tx.children(folder.uid, { start: 0, limit }, filter) : [];
  const ids = new Set(all.map((r) => r.id));
  const defaultPage = mayHoldDefaultPage(ctx.site, folder, ids)
    ? await defaultPageId(ctx.site, ctx.tx, folder, ids)
    : null;
  const out = all.filter(
    (r) =>
      forced.has(r.uid) ||
      (r.id !== defaultPage && listable(settings, r) && r.data.exclude_from_nav !== true),
  );
  // The way to the current object is shown even when the listing left it out
  // (excluded, past the limit, outside its publication window), if it may be seen.
  for (const rec of forced.values()) {
    if (rec.parentUid !== folder.uid || out.some((r) => r.uid === rec.uid)) continue;
    if (rec.id === defaultPage || !can(ctx.principal, 'View', rec)) continue;
    out.push(rec);
    out.sort((a, b) => a.position - b.position);
  }
  return out;
}
