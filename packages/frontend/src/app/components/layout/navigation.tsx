// Portal tabs from @navigation, with a second level as a disclosure menu
// (button + list, keyboard operable; Escape closes it).
import { useEffect, useState } from 'react';
import { useT } from '../../lib/i18n.js';
import { useLocation } from '../../router/state.js';

export interface NavItem {
  '@id': string;
  title: string;
  items?: NavItem[];
  /** The section has more items than its dropdown shows (lib/navigation-data.ts). */
  more?: boolean;
}

/** The tab of the current section: its own page or anything below it (the site root only itself). */
function isCurrent(path: string, current: string): boolean {
  if (path === '/') return current === '/';
  return current === path || current.startsWith(`${path}/`);
}

function TopItem({ item }: { item: NavItem }) {
  const t = useT();
  const [open, setOpen] = useState(false);
  const location = useLocation();
  // A navigation closes any open submenu.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on location change only
  useEffect(() => setOpen(false), [location.pathname]);
  const children = Array.isArray(item.items) ? item.items : [];
  const path = item['@id'] || '/';
  const subId = `sub-${path.replace(/[^\w-]/g, '_')}`;
  return (
    <li
      className={children.length ? 'has-children' : undefined}
      onKeyDown={(e) => {
        if (e.key === 'Escape') setOpen(false);
      }}
    >
      <a href={path} aria-current={isCurrent(path, location.pathname) ? 'page' : undefined}>
        {item.title}
      </a>
      {children.length > 0 && (
        <>
          <button
            type="button"
            className="submenu-toggle"
            aria-expanded={open}
            aria-controls={subId}
            aria-label={t('submenu', { title: item.title })}
            onClick={() => setOpen(!open)}
          >
            <span aria-hidden="true">▾</span>
          </button>
          <ul id={subId} className={open ? 'submenu open' : 'submenu'}>
            {children.map((child) => (
              <li key={child['@id']}>
                <a href={child['@id']}>{child.title}</a>
              </li>
            ))}
            {item.more && (
              <li className="submenu-all">
                <a href={path}>{t('allIn', { title: item.title })}</a>
              </li>
            )}
          </ul>
        </>
      )}
    </li>
  );
}

export function Navigation({ items }: { items: NavItem[] }) {
  const t = useT();
  return (
    <nav className="portal-tabs" aria-label={t('mainNavigation')}>
      <ul>
        {items.map((item) => (
          <TopItem key={item['@id']} item={item} />
        ))}
      </ul>
    </nav>
  );
}
