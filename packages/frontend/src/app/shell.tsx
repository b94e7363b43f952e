// The page inside <body>: skip link, header with navigation, breadcrumbs, the
// route's view (or the error page), footer. The same tree renders on the
// server and hydrates in the browser; the document around it is the server's
// (entry-server.tsx).
import { Breadcrumbs, SiteFooter, SiteHeader, SkipLink } from './components/layout/chrome.js';
import { translator, useT } from './lib/i18n.js';
import type { Head } from './router/head.js';
import { langOf, type PageState, useLocation, usePageState } from './router/state.js';
import ContentPage, { contentHead } from './routes/content.js';
import Login from './routes/login.js';
import Search from './routes/search.js';

const VIEWS = { content: ContentPage, search: Search, login: Login, error: ErrorPage };

export function Shell() {
  const state = usePageState();
  const View = VIEWS[state.route];
  const crumbs = Array.isArray(state.data?.breadcrumbs) ? state.data.breadcrumbs : [];
  return (
    <>
      <SkipLink />
      <SiteHeader siteTitle={state.root.siteTitle} nav={state.root.nav} user={state.root.user} />
      <Breadcrumbs items={crumbs} />
      <main id="main-content" tabIndex={-1}>
        <View />
      </main>
      <SiteFooter siteTitle={state.root.siteTitle} />
    </>
  );
}

const ERROR_TEXT = {
  404: ['notFoundTitle', 'notFoundText'],
  401: ['unauthorizedTitle', 'unauthorizedText'],
  500: ['errorTitle', 'errorText'],
} as const;

function errorKeys(status: number) {
  return status === 404 || status === 401 ? ERROR_TEXT[status] : ERROR_TEXT[500];
}

function ErrorPage() {
  const state = usePageState();
  const location = useLocation();
  const t = useT();
  const [title, text] = errorKeys(state.status);
  return (
    <div className={`error-page status-${state.status}`}>
      <h1>{t(title)}</h1>
      <p>{t(text)}</p>
      {state.status === 401 && (
        <p>
          <a href={`/login?came_from=${encodeURIComponent(location.pathname)}`}>{t('login')}</a>
        </p>
      )}
    </div>
  );
}

/** What the document head holds for this page. */
export function headOf(state: PageState): Head {
  const site = state.root.siteTitle;
  switch (state.route) {
    case 'content':
      return contentHead(state.data, site);
    case 'search':
      return { title: translator(langOf(state))('search'), robots: 'noindex' };
    case 'login':
      return { title: translator(langOf(state))('loginTitle'), robots: 'noindex' };
    default:
      return { title: translator(langOf(state))(errorKeys(state.status)[0]) };
  }
}
