// Page furniture: skip link, header (logo, search, personal menu), breadcrumbs, footer.

import { useT } from '../../lib/i18n.js';
import { useLocation } from '../../router/state.js';
import { type NavItem, Navigation } from './navigation.js';

export function SkipLink() {
  const t = useT();
  return (
    <a className="skip-link" href="#main-content">
      {t('skipToContent')}
    </a>
  );
}

export function PersonalMenu({ user }: { user: string | null }) {
  const t = useT();
  const location = useLocation();
  if (!user)
    return (
      <a
        className="login-link"
        href={`/login?came_from=${encodeURIComponent(location.pathname)}`}
        rel="nofollow"
      >
        {t('login')}
      </a>
    );
  return (
    <div className="personal-menu">
      <span>{t('loggedInAs', { user })}</span>
      <form method="post" action="/logout">
        <button type="submit">{t('logout')}</button>
      </form>
    </div>
  );
}

export function SiteHeader(props: { siteTitle: string; nav: NavItem[]; user: string | null }) {
  const t = useT();
  return (
    <header className="site-header">
      <div className="header-top">
        <a href="/" className="site-logo">
          {props.siteTitle}
        </a>
        <search className="site-search">
          <form method="get" action="/search">
            <label htmlFor="search-input" className="visually-hidden">
              {t('searchSite')}
            </label>
            <input id="search-input" type="search" name="SearchableText" placeholder={t('search')} />
            <button type="submit">{t('search')}</button>
          </form>
        </search>
        <PersonalMenu user={props.user} />
      </div>
      <Navigation items={props.nav} />
    </header>
  );
}

export function Breadcrumbs({ items }: { items: { '@id': string; title: string }[] }) {
  const t = useT();
  if (items.length === 0) return null;
  return (
    <nav className="breadcrumbs" aria-label={t('breadcrumbs')}>
      <ol>
        <li>
          <a href="/">{t('home')}</a>
        </li>
        {items.map((item, i) => (
          <li key={item['@id']}>
            {i === items.length - 1 ? (
              <span aria-current="page">{item.title}</span>
            ) : (
              <a href={item['@id']}>{item.title}</a>
            )}
          </li>
        ))}
      </ol>
    </nav>
  );
}

export function SiteFooter({ siteTitle }: { siteTitle: string }) {
  const t = useT();
  return (
    <footer className="site-footer">
      <p>
        {siteTitle} · {t('poweredBy')} · <a href="/sitemap.xml">{t('sitemap')}</a>
      </p>
    </footer>
  );
}
