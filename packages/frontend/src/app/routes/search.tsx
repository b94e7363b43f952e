// Search page: @search with SearchableText, results list, a portal-type facet.
import { Form, type LoaderFunctionArgs, type MetaFunction, useLoaderData, useLocation } from 'react-router';
import { ItemList, Pagination } from '../components/listing.js';
import { addUids, api } from '../lib/api.server.js';
import { useT } from '../lib/i18n.js';

const PAGE_SIZE = 20;
/** Date facet: items published within the last N days. */
const DATE_RANGES: Record<string, number> = { week: 7, month: 31, year: 366 };
/** Facet values are counted over at most this many matches. */
const FACET_SAMPLE = 500;

export interface Facet {
  value: string;
  count: number;
}

function counted(values: unknown[]): Facet[] {
  const counts = new Map<string, number>();
  for (const v of values) if (typeof v === 'string' && v) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts]
    .map(([value, count]) => ({ value, count }))
    .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value))
    .slice(0, 50);
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const p = url.searchParams;
  const text = (p.get('SearchableText') ?? '').slice(0, 200);
  const type = (p.get('portal_type') ?? '').slice(0, 100);
  const subject = (p.get('Subject') ?? '').slice(0, 255);
  const date = p.get('date') ?? '';
  const days = Object.hasOwn(DATE_RANGES, date) ? DATE_RANGES[date] : undefined;
  const page = Math.max(1, Math.min(Number(p.get('page')) || 1, 1000));
  const empty = {
    text,
    type,
    subject,
    date,
    items: [],
    total: 0,
    page,
    types: [] as Facet[],
    subjects: [] as Facet[],
  };
  if (!text.trim() && !subject) return empty;
  // The criteria every facet shares; each facet is counted over matches of the others.
  const base = new URLSearchParams();
  if (text.trim()) base.set('SearchableText', text);
  if (days) {
    const since = new Date(Date.now() - days * 86_400_000).toISOString();
    base.set('effective.query', since);
    base.set('effective.range', 'min');
  }
  const qs = new URLSearchParams(base);
  qs.set('b_size', String(PAGE_SIZE));
  qs.set('b_start', String((page - 1) * PAGE_SIZE));
  qs.append('metadata_fields', 'UID');
  qs.append('metadata_fields', 'image_scales');
  if (type) qs.set('portal_type', type);
  if (subject) qs.set('Subject', subject);
  const facetQs = new URLSearchParams(base);
  facetQs.set('b_size', String(FACET_SAMPLE));
  facetQs.append('metadata_fields', 'Subject');
  if (subject) facetQs.set('Subject', subject);
  const [res, all] = await Promise.all([
    api(context.tessera, `/@search?${qs}`),
    api(context.tessera, `/@search?${facetQs}`),
  ]);
  if (res.status === 400) return empty; // a criterion the backend refuses: no results, not an error page
  const items = Array.isArray(res.body?.items) ? res.body.items : [];
  addUids(context.tessera, items);
  const sample: any[] = Array.isArray(all.body?.items) ? all.body.items : [];
  // Types are counted within the chosen keyword; keywords within the chosen type.
  const types = counted(sample.map((i) => i?.['@type']));
  const subjects = counted(
    sample
      .filter((i) => !type || i?.['@type'] === type)
      .flatMap((i) => (Array.isArray(i?.Subject) ? i.Subject : [])),
  );
  return {
    text,
    type,
    subject,
    date,
    items,
    total: Number(res.body?.items_total) || items.length,
    page,
    types,
    subjects,
  };
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
        <FacetSelect
          id="search-type"
          name="portal_type"
          label={t('type')}
          all={t('allTypes')}
          value={r.type}
          facets={r.types}
        />
        <FacetSelect
          id="search-subject"
          name="Subject"
          label={t('keywords')}
          all={t('allKeywords')}
          value={r.subject}
          facets={r.subjects}
        />
        <label htmlFor="search-date">{t('published')}</label>
        <select id="search-date" name="date" defaultValue={r.date}>
          <option value="">{t('anyTime')}</option>
          <option value="week">{t('lastWeek')}</option>
          <option value="month">{t('lastMonth')}</option>
          <option value="year">{t('lastYear')}</option>
        </select>
        <button type="submit">{t('search')}</button>
      </Form>
      {(r.text || r.subject) && (
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

/** A facet as a select: each value with its number of matches; the chosen value stays listed. */
function FacetSelect(props: {
  id: string;
  name: string;
  label: string;
  all: string;
  value: string;
  facets: Facet[];
}) {
  const facets =
    props.value && !props.facets.some((f) => f.value === props.value)
      ? [{ value: props.value, count: 0 }, ...props.facets]
      : props.facets;
  if (facets.length === 0) return null;
  return (
    <>
      <label htmlFor={props.id}>{props.label}</label>
      <select id={props.id} name={props.name} defaultValue={props.value}>
        <option value="">{props.all}</option>
        {facets.map((f) => (
          <option key={f.value} value={f.value}>
            {`${f.value} (${f.count})`}
          </option>
        ))}
      </select>
    </>
  );
}
