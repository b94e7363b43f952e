// Client-side navigation for plain <a href> links. Rather than a React Router
// <Link> per anchor (several hooks each, the most expensive component in the
// server-side render profile), pages render ordinary anchors and one click
// listener on the document hands same-origin page links to the router. Links
// work without JavaScript and before hydration; modified clicks (new tab…),
// downloads, targets and binary views keep the browser's behaviour.
import { useEffect } from 'react';
import { useNavigate } from 'react-router';
import { isInternal } from './urls.js';

export function useClientNavigation(): void {
  const navigate = useNavigate();
  useEffect(() => {
    const onClick = (e: MouseEvent) => {
      if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
      const a = (e.target as Element | null)?.closest?.('a[href]');
      if (!(a instanceof HTMLAnchorElement)) return;
      if (a.target && a.target !== '_self') return;
      if (a.hasAttribute('download') || a.hasAttribute('data-reload')) return;
      const href = a.getAttribute('href') ?? '';
      if (!isInternal(href) || a.origin !== window.location.origin) return;
      // Server-made files and feeds are not pages of the router.
      if (/\.(xml|txt|ics)$|\/(ics_view|rss\.xml|atom\.xml)$|^\/\+\+api\+\+/.test(a.pathname)) return;
      // Same-page anchors (table of contents) scroll without a navigation.
      if (a.pathname === window.location.pathname && a.search === window.location.search && a.hash) return;
      e.preventDefault();
      navigate(a.pathname + a.search + a.hash);
    };
    document.addEventListener('click', onClick);
    return () => document.removeEventListener('click', onClick);
  }, [navigate]);
}
