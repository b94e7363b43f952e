// What @navigation and @contextnavigation share: the navigation control
// panel's filters (displayed types, workflow states, excluded items), default
// pages and Plone's id normalizer, all read from the site's loaded settings.
// https://6.docs.plone.org/plone.restapi/docs/source/endpoints/navigation.html
import type { ContentRecord, ReadTx } from '@tessera/core';
import { siteSetting } from '../settings/index.js';
import type { Site } from '../site.js';

function list(site: Site, name: string, fallback: string[]): string[] {
  const v = siteSetting(site, name);
  return Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : fallback;
}

/** The navigation panel's settings that decide which objects a navigation lists. */
export interface NavSettings {
  displayedTypes: Set<string>;
  /** Workflow states to show; null when the panel does not filter on workflow. */
  states: Set<string> | null;
  nonfolderishTabs: boolean;
  generateTabs: boolean;
  showExcluded: boolean;
  sortTabsOn: string;
  sortTabsReversed: boolean;
  /** Types whose children are never listed (plone.parent_types_not_to_query). */
  parentTypesNotToQuery: Set<string>;
  /** Types whose URL gets '/view' in listings (plone.types_use_view_action_in_listings). */
  viewActionTypes: Set<string>;
}

export function navSettings(site: Site): NavSettings {
  const flag = (name: string, fallback: boolean) => {
    const v = siteSetting(site, name);
    return typeof v === 'boolean' ? v : fallback;
  };
  const sortOn = siteSetting(site, 'plone.sort_tabs_on');
  return {
    displayedTypes: new Set(list(site, 'plone.displayed_types', [])),
    states: flag('plone.filter_on_workflow', false)
      ? new Set(list(site, 'plone.workflow_states_to_show', []))
      : null,
    nonfolderishTabs: flag('plone.nonfolderish_tabs', true),
    generateTabs: flag('plone.generate_tabs', true),
    showExcluded: flag('plone.show_excluded_items', false),
    sortTabsOn: typeof sortOn === 'string' ? sortOn : 'getObjPositionInParent',
    sortTabsReversed: flag('plone.sort_tabs_reversed', false),
    parentTypesNotToQuery: new Set(list(site, 'plone.parent_types_not_to_query', ['TempFolder'])),
    // Plone 6's registry default; Tessera has no record for it (yet).
    viewActionTypes: new Set(list(site, 'plone.types_use_view_action_in_listings', ['Image', 'File'])),
  };
}

/** Passes the panel's type and workflow filters (what Plone puts in the catalog query). */
export function listable(settings: NavSettings, rec: ContentRecord): boolean {
  if (!settings.displayedTypes.has(rec.type)) return false;
  if (settings.states && !settings.states.has(String(rec.data.review_state ?? ''))) return false;
  return true;
}

export function isFolderish(site: Site, rec: ContentRecord): boolean {
  return site.types.get(rec.type)?.def.folderish === true;
}

/**
 * The id of a folder's default page, as Plone's IBrowserDefault finds it:
 * the folder's own `default_page` when it names a child, else the first of
 * the site's default page ids (plone.default_page) present in the folder.
 * `present` are child ids already known to exist (saves a query when they
 * settle it); null when the folder has none.
 */
export async function defaultPageId(
  site: Site,
  tx: ReadTx,
  folder: ContentRecord,
  present?: Set<string>,
): Promise<string | null> {
  const own = folder.data.default_page;
  if (typeof own === 'string' && own !== '') {
    if (present?.has(own) || (await tx.childIdExists(folder.uid, own))) return own;
  }
  const ids = list(site, 'plone.default_page', []);
  if (ids.length === 0) return null;
  // Only a query when the folder could have one: the first listed id that is present wins.
  const first = present ? ids.findIndex((id) => present.has(id)) : -1;
  const candidates = first === -1 ? ids : ids.slice(0, first);
  if (candidates.length === 0) return ids[first] ?? null;
  const found = await tx.childIdsAmong(folder.uid, candidates);
  for (const id of candidates) if (found.has(id)) return id;
  return first === -1 ? null : ids[first]!;
}

/** Whether any of `ids` could be a default page (so that asking is worth a query). */
export function mayHoldDefaultPage(site: Site, folder: ContentRecord, ids: Iterable<string>): boolean {
  if (typeof folder.data.default_page === 'string' && folder.data.default_page !== '') return true;
  const names = new Set(list(site, 'plone.default_page', []));
  for (const id of ids) if (names.has(id)) return true;
  return false;
}

/** Plone's IIDNormalizer: ASCII, lower case, runs of other characters to one dash, at most 50 long. */
export function normalizeId(text: string): string {
  const ascii = text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
  const out = ascii
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^-+|-+$/g, '');
  return out.length > 50 ? out.slice(0, 50).replace(/-+$/, '') : out;
}

/** A Link's target with Plone's URL variables filled in. */
export function remoteUrl(rec: ContentRecord, siteUrl: string, navRootUrl: string): string | null {
  const raw = rec.data.remoteUrl;
  if (typeof raw !== 'string' || raw === '') return null;
  const v = (name: string) => `$\{${name}}`;
  return raw.replaceAll(v('navigation_root_url'), navRootUrl).replaceAll(v('portal_url'), siteUrl);
}
