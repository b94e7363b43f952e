// Listing block: results of its query, loaded by the page loader, with batching.
import { usePage } from '../../lib/page-context.js';
import { pageParam } from '../../lib/paths.js';
import { ItemList, Pagination, type Variation } from '../listing.js';
import { BrokenBlock } from './placeholder.js';
import type { BlockProps } from './types.js';

const VARIATIONS = new Set(['default', 'summary', 'imageGallery']);
const HEADLINE_TAGS = new Set(['h2', 'h3']);

export function ListingBlock({ id, data }: BlockProps) {
  const { deps, path, search } = usePage();
  const listing = deps.listings[id];
  if (!listing) return <BrokenBlock type="listing" />;
  const variation = (VARIATIONS.has(data.variation) ? data.variation : 'default') as Variation;
  const Headline = (HEADLINE_TAGS.has(data.headlineTag) ? data.headlineTag : 'h2') as 'h2';
  return (
    <section className="block listing" aria-label={data.headline ? undefined : 'listing'}>
      {data.headline && <Headline className="headline">{String(data.headline)}</Headline>}
      <ItemList items={listing.items} variation={variation} />
      <Pagination
        path={path}
        search={search}
        param={pageParam(id)}
        page={listing.page}
        pages={listing.pages}
      />
    </section>
  );
}
