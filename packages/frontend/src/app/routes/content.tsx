// Any content path: the view picked by the item's type, and its context navigation.
import { ContextNavigation } from '../components/layout/context-navigation.js';
import { viewFor } from '../components/views/views.js';
import { feedPath, hasFeed } from '../lib/feed-links.js';
import type { PageData } from '../lib/page.server.js';
import { PageContext } from '../lib/page-context.js';
import { pathOf } from '../lib/paths.js';
import type { Head } from '../router/head.js';
import { useLocation, usePageData } from '../router/state.js';

export function contentHead(page: PageData, siteTitle: string): Head {
  const title = page.content?.title;
  const head: Head = { title: title && title !== siteTitle ? `${title} — ${siteTitle}` : siteTitle };
  if (page.content?.description) head.description = String(page.content.description);
  if (page.content && hasFeed(page.content['@type']))
    head.feed = {
      title: String(page.content.title ?? siteTitle),
      href: feedPath(pathOf(page.content['@id']) ?? '/'),
    };
  return head;
}

export default function ContentPage() {
  const page = usePageData<PageData>();
  const location = useLocation();
  const View = viewFor(page.content['@type']);
  return (
    <PageContext.Provider value={{ deps: page.deps, path: location.pathname, search: location.search }}>
      <View content={page.content} />
      <ContextNavigation nav={page.contextNav} />
    </PageContext.Provider>
  );
}
