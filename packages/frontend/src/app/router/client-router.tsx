// Client-side navigation. Pages render ordinary anchors and forms; one click
// and one submit listener on the document hand same-origin page links and GET
// forms to the router, which fetches the next page's data (`/_data/<path>`)
// and renders it in place. Links work without JavaScript and before
// hydration; modified clicks (new tab…), downloads, targets, binary views,
// feeds and POST forms keep the browser's behaviour.
import { useCallback, useEffect, useRef, useState } from 'react';
import { isInternal } from '../lib/urls.js';
import { headOf, Shell } from '../shell.js';
import { applyHead } from './head-client.js';
import { dataUrl } from './routes.js';
import { langOf, type PageState, RouterContext } from './state.js';

/** Server-made files and feeds are not pages of the router. */
const NOT_A_PAGE = /\.(xml|txt|ics)$|\/(ics_view|rss\.xml|atom\.xml)$|^\/\+\+api\+\+|\/@@/;

interface NavigateOptions {
  replace?: boolean;
  /** A back/forward move: the history entry exists already. */
  pop?: boolean;
  redirects?: number;
}

export function ClientRouter({ initial }: { initial: PageState }) {
  const [state, setState] = useState(initial);
  const latest = useRef(0);
  const first = useRef(true);
  /** Where the router is, for listeners that outlive renders. */
  const here = useRef(initial.location);
  here.current = state.location;

  const navigate = useCallback(async (href: string, opts: NavigateOptions = {}) => {
    const url = new URL(href, window.location.href);
    const n = ++latest.current;
    let payload: any;
    try {
      const res = await fetch(dataUrl(url.pathname, url.search), { headers: { accept: 'application/json' } });
      if (!res.headers.get('content-type')?.startsWith('application/json')) throw new Error('not page data');
      payload = await res.json();
    } catch {
      // Offline, or something the router cannot show: let the browser load it.
      window.location.assign(url.href);
      return;
    }
    if (n !== latest.current) return; // a later navigation won
    if (typeof payload.redirect === 'string') {
      const to = new URL(payload.redirect, url);
      if (to.origin === window.location.origin && (opts.redirects ?? 0) < 5)
        return navigate(to.href, { replace: opts.replace, redirects: (opts.redirects ?? 0) + 1 });
      window.location.assign(to.href);
      return;
    }
    if (!opts.pop) window.history[opts.replace ? 'replaceState' : 'pushState'](null, '', url.href);
    setState((prev) => ({
      route: payload.route,
      status: payload.status,
      data: payload.data,
      root: prev.root,
      location: { pathname: url.pathname, search: url.search, hash: url.hash },
    }));
  }, []);

  // After a navigation: the head, then the scroll position (top, or the #anchor).
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    applyHead(headOf(state), langOf(state));
    const target =
      state.location.hash && document.getElementById(decodeURIComponent(state.location.hash.slice(1)));
    if (target) target.scrollIntoView();
    else window.scrollTo(0, 0);
  }, [state]);

  useEffect(() => {
    // Says the page is live (hydrated, links handled here): tests and scripts wait for it.
    document.documentElement.dataset.router = 'ready';
    const onClick = (e: MouseEvent) => {
      if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
      const a = (e.target as Element | null)?.closest?.('a[href]');
      if (!(a instanceof HTMLAnchorElement)) return;
      if (a.target && a.target !== '_self') return;
      if (a.hasAttribute('download') || a.hasAttribute('data-reload')) return;
      if (!isInternal(a.getAttribute('href') ?? '') || a.origin !== window.location.origin) return;
      if (NOT_A_PAGE.test(a.pathname)) return;
      // Same-page anchors (table of contents) scroll without a navigation.
      if (a.pathname === window.location.pathname && a.search === window.location.search && a.hash) return;
      e.preventDefault();
      void navigate(a.href);
    };
    const onSubmit = (e: SubmitEvent) => {
      const form = e.target;
      if (e.defaultPrevented || !(form instanceof HTMLFormElement)) return;
      if (form.method.toLowerCase() !== 'get' || (form.target && form.target !== '_self')) return;
      const action = new URL(form.action, window.location.href);
      if (action.origin !== window.location.origin || NOT_A_PAGE.test(action.pathname)) return;
      e.preventDefault();
      const fields = new URLSearchParams();
      for (const [name, value] of new FormData(form, e.submitter))
        if (typeof value === 'string') fields.append(name, value);
      action.search = fields.toString();
      void navigate(action.href);
    };
    const onPop = () => {
      // A jump to an #anchor of the same page is the browser's to scroll.
      const { pathname, search } = window.location;
      if (pathname === here.current.pathname && search === here.current.search) return;
      void navigate(window.location.href, { pop: true });
    };
    document.addEventListener('click', onClick);
    document.addEventListener('submit', onSubmit);
    window.addEventListener('popstate', onPop);
    return () => {
      document.removeEventListener('click', onClick);
      document.removeEventListener('submit', onSubmit);
      window.removeEventListener('popstate', onPop);
    };
  }, [navigate]);

  return (
    <RouterContext.Provider value={{ state, navigate: (href, o) => void navigate(href, o) }}>
      <Shell />
    </RouterContext.Provider>
  );
}
