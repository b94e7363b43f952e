// The document shell: <html lang>, landmarks, header, navigation, footer.
// Its loader fetches what every page shows (navigation, site title, user).
import type { ReactNode } from 'react';
import {
  isRouteErrorResponse,
  Links,
  type LinksFunction,
  type LoaderFunctionArgs,
  Meta,
  Outlet,
  Scripts,
  type ShouldRevalidateFunction,
  useLocation,
  useMatches,
  useRouteError,
  useRouteLoaderData,
} from 'react-router';
import { Breadcrumbs, SiteFooter, SiteHeader, SkipLink } from './components/layout/chrome.js';
import type { NavItem } from './components/layout/navigation.js';
import { api } from './lib/api.server.js';
import { userFromToken } from './lib/auth.server.js';
import { useClientNavigation } from './lib/client-navigation.js';
import { useLang, useT } from './lib/i18n.js';
import './styles/theme.css';

export interface RootData {
  nav: NavItem[];
  siteTitle: string;
  user: string | null;
  lang: string;
}

export async function loader({ context }: LoaderFunctionArgs): Promise<RootData> {
  const ctx = context.tessera;
  const [nav, root] = await Promise.all([
    api(ctx, '/@navigation?expand.navigation.depth=2', { shared: true }),
    api(ctx, '/@navroot', { shared: true }),
  ]);
  return {
    nav: Array.isArray(nav.body?.items) ? nav.body.items : [],
    siteTitle: String(root.body?.navroot?.title ?? root.body?.title ?? 'Tessera'),
    user: userFromToken(ctx.token),
    lang: ctx.defaultLang,
  };
}

// Navigation only changes with logging in or out: skip the refetch on page-to-page moves.
export const links: LinksFunction = () => [{ rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' }];

export const shouldRevalidate: ShouldRevalidateFunction = ({ formMethod, defaultShouldRevalidate }) =>
  formMethod !== undefined && formMethod.toUpperCase() !== 'GET' ? defaultShouldRevalidate : false;

export function Layout({ children }: { children: ReactNode }) {
  const root = useRouteLoaderData<RootData>('root');
  const lang = useLang();
  const crumbs = useBreadcrumbs();
  useClientNavigation();
  const siteTitle = root?.siteTitle ?? 'Tessera';
  return (
    <html lang={lang}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <SkipLink />
        <SiteHeader siteTitle={siteTitle} nav={root?.nav ?? []} user={root?.user ?? null} />
        <Breadcrumbs items={crumbs} />
        <main id="main-content" tabIndex={-1}>
          {children}
        </main>
        <SiteFooter siteTitle={siteTitle} />
        <Scripts />
      </body>
    </html>
  );
}

function useBreadcrumbs(): { '@id': string; title: string }[] {
  const matches = useMatches();
  for (const match of matches) {
    const crumbs = (match.data as { breadcrumbs?: unknown } | undefined)?.breadcrumbs;
    if (Array.isArray(crumbs)) return crumbs;
  }
  return [];
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  const location = useLocation();
  const t = useT();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const [title, text] =
    status === 404
      ? [t('notFoundTitle'), t('notFoundText')]
      : status === 401
        ? [t('unauthorizedTitle'), t('unauthorizedText')]
        : [t('errorTitle'), t('errorText')];
  return (
    <div className={`error-page status-${status}`}>
      <title>{title}</title>
      <h1>{title}</h1>
      <p>{text}</p>
      {status === 401 && (
        <p>
          <a href={`/login?came_from=${encodeURIComponent(location.pathname)}`}>{t('login')}</a>
        </p>
      )}
    </div>
  );
}
