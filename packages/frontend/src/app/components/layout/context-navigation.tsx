// Context navigation: the classic navigation portlet on pages inside a
// section (from the backend's @contextnavigation, expanded with the content):
// the section's items, the current path unfolded, the current page marked.
import { useT } from '../../lib/i18n.js';

export interface ContextNavItem {
  href: string;
  title: string;
  current: boolean;
  inPath: boolean;
  items: ContextNavItem[];
}

export interface ContextNav {
  title: string;
  items: ContextNavItem[];
}

/** The expander's answer reduced to what the portlet shows (it is serialised into the page). */
export function contextNavOf(raw: any): ContextNav | null {
  if (!raw || raw.available === false || !Array.isArray(raw.items) || raw.items.length === 0) return null;
  const items = (list: unknown, depth: number): ContextNavItem[] =>
    Array.isArray(list) && depth < 6
      ? list
          .filter((i: any) => i && typeof (i.href ?? i['@id']) === 'string')
          .map((i: any) => ({
            href: String(i.href ?? i['@id']),
            title: String(i.title ?? ''),
            current: !!i.is_current,
            inPath: !!i.is_in_path,
            items: items(i.items, depth + 1),
          }))
      : [];
  const list = items(raw.items, 0);
  return list.length ? { title: raw.has_custom_name ? String(raw.title) : '', items: list } : null;
}

function Items({ items }: { items: ContextNavItem[] }) {
  return (
    <ul>
      {items.map((item) => (
        <li key={item.href} className={item.inPath ? 'in-path' : undefined}>
          <a href={item.href} aria-current={item.current ? 'page' : undefined}>
            {item.title}
          </a>
          {item.items.length > 0 && <Items items={item.items} />}
        </li>
      ))}
    </ul>
  );
}

export function ContextNavigation({ nav }: { nav: ContextNav | null }) {
  const t = useT();
  if (!nav) return null;
  const title = nav.title || t('sectionNavigation');
  return (
    <nav className="context-navigation" aria-label={title}>
      <h2 className="context-navigation-title">{title}</h2>
      <Items items={nav.items} />
    </nav>
  );
}
