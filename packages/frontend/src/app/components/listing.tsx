// Item lists shared by the listing block, folders and collections, in Volto's
// variations: default (titles and descriptions), summary (with image), image gallery.
import { useT } from '../lib/i18n.js';
import { firstScale, ResponsiveImage } from './image.js';
import { SmartLink } from './smart-link.js';

export type Variation = 'default' | 'summary' | 'imageGallery';

function itemHref(item: any): string {
  return typeof item?.['@id'] === 'string' ? item['@id'] : '#';
}

export function ItemList({ items, variation }: { items: any[]; variation: Variation }) {
  const t = useT();
  if (items.length === 0) return <p>{t('noItems')}</p>;
  if (variation === 'imageGallery')
    return (
      <ul className="gallery">
        {items.map((item) => {
          const image = firstScale(item.image_scales, item.image_field);
          return (
            <li key={itemHref(item)}>
              <SmartLink href={itemHref(item)}>
                {image ? (
                  <ResponsiveImage
                    base={itemHref(item)}
                    image={image}
                    alt={String(item.title ?? '')}
                    scale="preview"
                    sizes="300px"
                  />
                ) : (
                  String(item.title ?? '')
                )}
              </SmartLink>
            </li>
          );
        })}
      </ul>
    );
  return (
    <ul className={`listing listing-${variation}`}>
      {items.map((item) => {
        const image = variation === 'summary' ? firstScale(item.image_scales, item.image_field) : null;
        return (
          <li key={itemHref(item)} className="listing-item">
            {image && (
              <ResponsiveImage base={itemHref(item)} image={image} alt="" scale="thumb" sizes="128px" />
            )}
            <div>
              <h3 className="listing-title">
                <SmartLink href={itemHref(item)}>{String(item.title ?? '')}</SmartLink>
              </h3>
              {item.description && <p>{String(item.description)}</p>}
            </div>
          </li>
        );
      })}
    </ul>
  );
}

export function Pagination(props: {
  path: string;
  search: string;
  param: string;
  page: number;
  pages: number;
}) {
  const t = useT();
  if (props.pages <= 1) return null;
  const href = (n: number) => {
    const qs = new URLSearchParams(props.search);
    if (n === 1) qs.delete(props.param);
    else qs.set(props.param, String(n));
    const s = qs.toString();
    return `${props.path}${s ? `?${s}` : ''}`;
  };
  return (
    <nav className="pagination" aria-label={t('pagination')}>
      {props.page > 1 && <a href={href(props.page - 1)}>{t('previous')}</a>}
      <span aria-current="page">{t('page', { n: props.page })}</span>
      {props.page < props.pages && <a href={href(props.page + 1)}>{t('next')}</a>}
    </nav>
  );
}
