// What block components read besides their own data: the loaded dependencies.
import { createContext, useContext } from 'react';
import type { PageDeps } from './page.server.js';

export interface PageContextValue {
  deps: PageDeps;
  /** The page's own path, for listing pagination links. */
  path: string;
  search: string;
}

export const PageContext = createContext<PageContextValue>({
  deps: { teasers: {}, listings: {}, html: {}, resolved: {} },
  path: '/',
  search: '',
});

export const usePage = () => useContext(PageContext);
