// Which route a path belongs to: three fixed pages, and everything else is
// content, traversed like Plone does. Shared by the server and the browser.
export type RoutePath = 'login' | 'logout' | 'search' | 'content';

export function routeOf(pathname: string): RoutePath {
  switch (pathname.replace(/\/+$/, '')) {
    case '/login':
      return 'login';
    case '/logout':
      return 'logout';
    case '/search':
      return 'search';
    default:
      return 'content';
  }
}

/**
 * Client navigations fetch a page's data as JSON from `/_data<path>` — its own
 * URL, so HTTP caches keep it apart from the HTML and surrogate-key purges
 * reach both. (Zope ids cannot start with an underscore, so no content path
 * collides.)
 */
export const DATA_PREFIX = '/_data';

export function dataUrl(pathname: string, search: string): string {
  return `${DATA_PREFIX}${pathname === '/' ? '/' : pathname}${search}`;
}

/** The page path a data URL stands for, or null when it is not one. */
export function pageOfDataPath(path: string): string | null {
  if (path !== DATA_PREFIX && !path.startsWith(`${DATA_PREFIX}/`)) return null;
  return path.slice(DATA_PREFIX.length) || '/';
}
