// The search page's loader: @search with SearchableText, and facet counts
// (type, keywords) over a sample of the matches.
import { addUids, api } from '../lib/api.server.js';
import type { TesseraContext } from '../lib/context.js';
import type { Facet, SearchData } from './search.js';
import { PAGE_SIZE } from './search.js';

/** Date facet: items published within the last N days. */
const DATE_RANGES: Record<string, number> = { week: 7, month: 31, year: 366 };
/** Facet values are counted over at most this many matches. */
const FACET_SAMPLE = 500;

function counted(values: unknown[]): Facet[] {
  const counts = new Map<string, number>();
  for (const v of values) if (typeof v === 'string' && v) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts]
    .map(([value, count]) => ({ value, count }))
    .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value))
    .slice(0, 50);
}

export async function searchLoader(ctx: TesseraContext, url: URL): Promise<SearchData> {
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
  const [res, all] = await Promise.all([api(ctx, `/@search?${qs}`), api(ctx, `/@search?${facetQs}`)]);
  if (res.status === 400) return empty; // a criterion the backend refuses: no results, not an error page
  const items = Array.isArray(res.body?.items) ? res.body.items : [];
  addUids(ctx, items);
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
