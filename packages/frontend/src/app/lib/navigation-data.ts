// What a page keeps of @navigation: the portal tabs and, for each, the first
// few items of its dropdown. A section with hundreds of items would otherwise
// put all of them into every page (its HTML and its hydration data); the
// dropdown ends with a link to the whole section instead.
import type { NavItem } from '../components/layout/navigation.js';

/** Items shown in one dropdown before "All in …". */
export const SUBMENU_LIMIT = 12;

function entry(raw: any): NavItem | null {
  if (!raw || typeof raw['@id'] !== 'string') return null;
  return { '@id': raw['@id'], title: String(raw.title ?? '') };
}

export function navigationData(items: unknown): NavItem[] {
  if (!Array.isArray(items)) return [];
  const out: NavItem[] = [];
  for (const raw of items) {
    const tab = entry(raw);
    if (!tab) continue;
    const children = (Array.isArray(raw.items) ? raw.items : []).map(entry).filter(Boolean) as NavItem[];
    tab.items = children.slice(0, SUBMENU_LIMIT);
    if (children.length > SUBMENU_LIMIT) tab.more = true;
    out.push(tab);
  }
  return out;
}
