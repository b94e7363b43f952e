// Any content path: loads the item and what its blocks need, picks the view by type.
import { type LoaderFunctionArgs, type MetaFunction, useLoaderData, useLocation } from 'react-router';
import { ContextNavigation } from '../components/layout/context-navigation.js';
import { viewFor } from '../components/views/views.js';
import { feedPath, hasFeed } from '../lib/feed-links.js';
import { loadPage, type PageData } from '../lib/page.server.js';
import { PageContext } from '../lib/page-context.js';
import { pathOf } from '../lib/paths.js';

export async function loader({ request, params, context }: LoaderFunctionArgs): Promise<PageData> {
  const url = new URL(request.url);
  const path = `/${params['*'] ?? ''}`.replace(/\/+$/, '') || '/';
  return loadPage(context.tessera, path, url);
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const site = (matches[0]?.data as { siteTitle?: string } | undefined)?.siteTitle ?? 'Tessera';
  const title = data?.content?.title;
  const tags: ReturnType<MetaFunction> = [{ title: title && title !== site ? `${title} — ${site}` : site }];
  if (data?.content?.description)
    tags.push({ name: 'description', content: String(data.content.description) });
  if (data?.content && hasFeed(data.content['@type']))
    tags.push({
      tagName: 'link',
      rel: 'alternate',
      type: 'application/rss+xml',
      title: String(data.content.title ?? site),
      href: feedPath(pathOf(data.content['@id']) ?? '/'),
    });
  return tags;
};

export default function ContentPage() {
  const page = useLoaderData<typeof loader>();
  const location = useLocation();
  const View = viewFor(page.content['@type']);
  return (
    <PageContext.Provider value={{ deps: page.deps, path: location.pathname, search: location.search }}>
      <View content={page.content} />
      <ContextNavigation nav={page.contextNav} />
    </PageContext.Provider>
  );
}
