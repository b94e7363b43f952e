// Search page: results of the loader's @search, with facets for type, keywords and date.
import { ItemList, Pagination } from '../components/listing.js';
import { useT } from '../lib/i18n.js';
import { useLocation, usePageData } from '../router/state.js';

export const PAGE_SIZE = 20;

export interface Facet {
  value: string;
  count: number;
}

export interface SearchData {
  text: string;
  type: string;
  subject: string;
  date: string;
  items: any[];
  total: number;
  page: number;
  types: Facet[];
  subjects: Facet[];
}

export default function Search() {
  const t = useT();
  const r = usePageData<SearchData>();
  const location = useLocation();
  return (
    <div className="search-page">
      <h1>{t('search')}</h1>
      <search>
        <form method="get" action="/search" className="search-form">
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
        </form>
      </search>
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
