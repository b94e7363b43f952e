// Page furniture: skip link, header (logo, search, personal menu), breadcrumbs, footer.
import { Form, Link, useLocation } from 'react-router';
import { useT } from '../../lib/i18n.js';
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
      <Link
        className="login-link"
        to={`/login?came_from=${encodeURIComponent(location.pathname)}`}
        rel="nofollow"
      >
        {t('login')}
      </Link>
    );
  return (
    <div className="personal-menu">
      <span>{t('loggedInAs', { user })}</span>
      <Form method="post" action="/logout">
        <button type="submit">{t('logout')}</button>
      </Form>
    </div>
  );
}

export function SiteHeader(props: { siteTitle: string; nav: NavItem[]; user: string | null }) {
  const t = useT();
  return (
    <header className="site-header">
      <div className="header-top">
        <Link to="/" className="site-logo">
          {props.siteTitle}
        </Link>
        <div className="site-search">
          <Form method="get" action="/search" role="search">
            <label htmlFor="search-input" className="visually-hidden">
              {t('searchSite')}
            </label>
            <input id="search-input" type="search" name="SearchableText" placeholder={t('search')} />
            <button type="submit">{t('search')}</button>
          </Form>
        </div>
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
          <Link to="/">{t('home')}</Link>
        </li>
        {items.map((item, i) => (
          <li key={item['@id']}>
            {i === items.length - 1 ? (
              <span aria-current="page">{item.title}</span>
            ) : (
              <Link to={item['@id']}>{item.title}</Link>
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
