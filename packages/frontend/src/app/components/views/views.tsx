// One view per content type, as Plone's default views show them.
import { formatDate } from '../../lib/dates.js';
import { useLang, useT } from '../../lib/i18n.js';
import { usePage } from '../../lib/page-context.js';
import { FOLDER_PAGE_SIZE } from '../../lib/paths.js';
import { expandRemoteUrl, safeUrl } from '../../lib/urls.js';
import { Blocks, hasBlocks } from '../blocks/blocks.js';
import { ResponsiveImage } from '../image.js';
import { ItemList, Pagination } from '../listing.js';
import { SmartLink } from '../smart-link.js';

type ViewProps = { content: any };

function Header({ content }: ViewProps) {
  return (
    <>
      <h1 className="documentFirstHeading">{String(content.title ?? '')}</h1>
      {content.description && <p className="documentDescription">{String(content.description)}</p>}
    </>
  );
}

/** Documents and the site root: their blocks, or title and description when they have none. */
export function DocumentView({ content }: ViewProps) {
  if (!hasBlocks(content)) return <Header content={content} />;
  return <Blocks container={content} content={content} />;
}

function DateTime({ value, withTime = true }: { value: unknown; withTime?: boolean }) {
  const lang = useLang();
  const text = formatDate(value, lang, withTime);
  return text ? <time dateTime={String(value)}>{text}</time> : null;
}

function LeadImage({ content }: ViewProps) {
  const image = content.image;
  if (!image?.download) return null;
  return (
    <figure className="lead-image">
      <ResponsiveImage base={content['@id']} image={image} alt={content.image_caption || ''} lazy={false} />
      {content.image_caption && <figcaption>{String(content.image_caption)}</figcaption>}
    </figure>
  );
}

function BodyText({ content }: ViewProps) {
  // Rich text fields (text.data) are HTML from editors: never rendered raw.
  // Blocks-enabled types carry their body in blocks instead.
  return hasBlocks(content) ? <Blocks container={content} content={content} /> : <Header content={content} />;
}

export function NewsItemView({ content }: ViewProps) {
  return (
    <article className="news-item">
      {hasBlocks(content) ? null : <LeadImage content={content} />}
      <BodyText content={content} />
      {content.effective && (
        <p className="byline">
          <DateTime value={content.effective} withTime={false} />
        </p>
      )}
    </article>
  );
}

export function EventView({ content }: ViewProps) {
  const t = useT();
  const whole = !!content.whole_day;
  return (
    <article className="event">
      <BodyText content={content} />
      <dl className="event-details">
        <dt>{t('when')}</dt>
        <dd>
          <DateTime value={content.start} withTime={!whole} />
          {!content.open_end && content.end && (
            <>
              {' – '}
              <DateTime value={content.end} withTime={!whole} />
            </>
          )}
        </dd>
        {content.location && (
          <>
            <dt>{t('where')}</dt>
            <dd className="event-location">{String(content.location)}</dd>
          </>
        )}
        {(content.contact_name || content.contact_email) && (
          <>
            <dt>{t('contact')}</dt>
            <dd>
              {content.contact_email ? (
                <a href={safeUrl(`mailto:${content.contact_email}`)}>
                  {String(content.contact_name || content.contact_email)}
                </a>
              ) : (
                String(content.contact_name)
              )}
            </dd>
          </>
        )}
        {content.event_url && (
          <>
            <dt>{t('eventWebsite')}</dt>
            <dd>
              <a href={safeUrl(content.event_url)}>{String(content.event_url)}</a>
            </dd>
          </>
        )}
      </dl>
      <p>
        {/* A plain link: the server answers it with a text/calendar file. */}
        <a href={`${content['@id'] === '/' ? '' : content['@id']}/ics_view`} download>
          {t('addToCalendar')}
        </a>
      </p>
    </article>
  );
}

export function LinkView({ content }: ViewProps) {
  const t = useT();
  const url = typeof content.remoteUrl === 'string' ? expandRemoteUrl(content.remoteUrl) : '';
  return (
    <article>
      <Header content={content} />
      <p>
        {t('linkTo', { url: '' })}
        <SmartLink href={url}>{url}</SmartLink>
      </p>
    </article>
  );
}

function sizeText(bytes: unknown): string {
  const n = Number(bytes);
  if (!Number.isFinite(n) || n <= 0) return '';
  return n < 1024 * 1024 ? `${Math.ceil(n / 1024)} KB` : `${(n / 1024 / 1024).toFixed(1)} MB`;
}

export function FileView({ content }: ViewProps) {
  const t = useT();
  const file = content.file;
  return (
    <article>
      <Header content={content} />
      {file && (
        <p>
          <a href={safeUrl(`${content['@id']}/@@download/file`)} className="download">
            {t('download', { name: String(file.filename ?? content.title ?? '') })}
          </a>{' '}
          <span className="file-meta">
            ({String(file['content-type'] ?? '')}
            {sizeText(file.size) && `, ${sizeText(file.size)}`})
          </span>
        </p>
      )}
    </article>
  );
}

export function ImageView({ content }: ViewProps) {
  return (
    <article>
      <Header content={content} />
      {content.image && (
        <figure>
          <ResponsiveImage
            base={content['@id']}
            image={content.image}
            alt={String(content.title ?? '')}
            lazy={false}
          />
        </figure>
      )}
    </article>
  );
}

/** Folders and collections: listing_view, summary_view or tabular_view. */
export function FolderView({ content }: ViewProps) {
  const t = useT();
  const { path, search } = usePage();
  const items: any[] = Array.isArray(content.items) ? content.items : [];
  const total = Number(content.items_total) || items.length;
  const page = Number(new URLSearchParams(search).get('page')) || 1;
  const pages = Math.max(1, Math.ceil(total / FOLDER_PAGE_SIZE));
  const list =
    content.layout === 'tabular_view' ? (
      <table className="tabular">
        <thead>
          <tr>
            <th scope="col">{t('title')}</th>
            <th scope="col">{t('type')}</th>
            <th scope="col">{t('modified')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <tr key={item['@id']}>
              <td>
                <SmartLink href={item['@id']}>{String(item.title ?? '')}</SmartLink>
              </td>
              <td>{String(item.type_title ?? item['@type'] ?? '')}</td>
              <td>
                <DateTime value={item.modified} withTime={false} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    ) : (
      <ItemList items={items} variation={content.layout === 'summary_view' ? 'summary' : 'default'} />
    );
  return (
    <>
      {hasBlocks(content) ? <Blocks container={content} content={content} /> : <Header content={content} />}
      {list}
      <Pagination path={path} search={search} param="page" page={page} pages={pages} />
    </>
  );
}

export function viewFor(type: string) {
  switch (type) {
    case 'Folder':
    case 'Collection':
      return FolderView;
    case 'News Item':
      return NewsItemView;
    case 'Event':
      return EventView;
    case 'Link':
      return LinkView;
    case 'File':
      return FileView;
    case 'Image':
      return ImageView;
    default:
      return DocumentView;
  }
}
