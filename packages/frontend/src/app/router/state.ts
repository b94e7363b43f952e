// The page state every render starts from, on the server and in the browser,
// and the hooks components read it with. One small in-house router instead of
// React Router (docs/decisions/0033-own-page-router.md): the site has four
// routes, and the library cost the page 43 kB of JavaScript and a third of the
// server's render time.
import { createContext, useContext } from 'react';
import type { NavItem } from '../components/layout/navigation.js';

export type RouteId = 'content' | 'search' | 'login' | 'error';

/** What the root of every page shows: navigation, site title, the user. */
export interface RootData {
  nav: NavItem[];
  siteTitle: string;
  user: string | null;
  lang: string;
}

export interface PageLocation {
  pathname: string;
  search: string;
  hash: string;
}

/** One rendered page: which route, its data, and the HTTP status it was answered with. */
export interface PageState {
  route: RouteId;
  status: number;
  /** The route loader's data (for 'error': `{ status }`). */
  data: any;
  root: RootData;
  location: PageLocation;
}

export interface Router {
  state: PageState;
  /** Client-side navigation to a same-origin URL (no-op on the server). */
  navigate(href: string, opts?: { replace?: boolean }): void;
}

export const RouterContext = createContext<Router | null>(null);

function useRouter(): Router {
  const router = useContext(RouterContext);
  if (!router) throw new Error('page components need a RouterContext');
  return router;
}

export const usePageState = (): PageState => useRouter().state;
export const useLocation = (): PageLocation => useRouter().state.location;
export const useRootData = (): RootData => useRouter().state.root;
export const useNavigate = () => useRouter().navigate;
export function usePageData<T>(): T {
  return useRouter().state.data as T;
}

/** The language of the page: the content's, else the site default. */
export function langOf(state: PageState): string {
  return (state.data as { lang?: string | null } | null)?.lang || state.root.lang || 'en';
}
