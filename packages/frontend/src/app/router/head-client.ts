// Keeps the document head in step after a client-side navigation: title,
// language, description, robots and the feed link.
import type { Head } from './head.js';

function setMeta(name: string, content: string | undefined) {
  let el = document.head.querySelector<HTMLMetaElement>(`meta[name="${name}"]`);
  if (!content) return el?.remove();
  if (!el) {
    el = document.createElement('meta');
    el.name = name;
    document.head.append(el);
  }
  el.content = content;
}

export function applyHead(head: Head, lang: string) {
  document.title = head.title;
  document.documentElement.lang = lang;
  setMeta('description', head.description);
  setMeta('robots', head.robots);
  let feed = document.head.querySelector<HTMLLinkElement>(
    'link[rel="alternate"][type="application/rss+xml"]',
  );
  if (!head.feed) return feed?.remove();
  if (!feed) {
    feed = document.createElement('link');
    feed.rel = 'alternate';
    feed.type = 'application/rss+xml';
    document.head.append(feed);
  }
  feed.title = head.feed.title;
  feed.href = head.feed.href;
}
