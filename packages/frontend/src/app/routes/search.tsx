// Search page: @search with SearchableText, results list, a portal-type facet.
import { Form, type LoaderFunctionArgs, type MetaFunction, useLoaderData, useLocation } from 'react-router';
import { ItemList, Pagination } from '../components/listing.js';
import { addUids, api } from '../lib/api.server.js';
import { useT } from '../lib/i18n.js';

const PAGE_SIZE = 20;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const text = (url.searchParams.get('SearchableText') ?? '').slice(0, 200);
  const type = url.searchParams.get('portal_type') ?? '';
  const page = Math.max(1, Math.min(Number(url.searchParams.get('page')) || 1, 1000));
  if (!text.trim()) return { text, type, items: [], total: 0, page, types: [] as string[] };
  const qs = new URLSearchParams({
    SearchableText: text,
    b_size: String(PAGE_SIZE),
    b_start: String((page - 1) * PAGE_SIZE),
    metadata_fields: 'UID',
  });
  qs.append('metadata_fields', 'image_scales');
  if (type) qs.set('portal_type', type);
  const facetQs = new URLSearchParams({
    SearchableText: text,
    b_size: '200',
    metadata_fields: 'portal_type',
  });
  const [res, all] = await Promise.all([
    api(context.tessera, `/@search?${qs}`),
    api(context.tessera, `/@search?${facetQs}`),
  ]);
  const items = Array.isArray(res.body?.items) ? res.body.items : [];
  addUids(context.tessera, items);
  const types = [
    ...new Set<string>((all.body?.items ?? []).map((i: any) => i['@type']).filter(Boolean)),
  ].sort();
  return { text, type, items, total: Number(res.body?.items_total) || items.length, page, types };
}

export const meta: MetaFunction = () => [{ title: 'Search' }, { name: 'robots', content: 'noindex' }];

export default function Search() {
  const t = useT();
  const r = useLoaderData<typeof loader>();
  const location = useLocation();
  return (
    <div className="search-page">
      <h1>{t('search')}</h1>
      <Form method="get" role="search" className="search-form">
        <label htmlFor="search-page-input">{t('searchSite')}</label>
        <input id="search-page-input" type="search" name="SearchableText" defaultValue={r.text} />
        {r.types.length > 0 && (
          <>
            <label htmlFor="search-type">{t('type')}</label>
            <select id="search-type" name="portal_type" defaultValue={r.type}>
              <option value="">{t('allTypes')}</option>
              {r.types.map((ty) => (
                <option key={ty} value={ty}>
                  {ty}
                </option>
              ))}
            </select>
          </>
        )}
        <button type="submit">{t('search')}</button>
      </Form>
      {r.text && (
        <section aria-labelledby="results-heading">
          <h2 id="results-heading">{t('searchResults')}</h2>
          <p aria-live="polite">{r.total ? t('resultsCount', { count: r.total }) : t('noResults')}</p>
          {r.items.length > 0 && <ItemList items={r.items} variation="summary" />}
          <Pagination
            path={location.pathname}
            search={location.search}
            param="page"
            page={r.page}
            pages={Math.ceil(r.total / PAGE_SIZE)}
          />
        </section>
      )}
    </div>
  );
}
