// Teaser: the target's current title, description and image, loaded by the
// page loader; the block's own texts win when the editor overwrote them.
import { useT } from '../../lib/i18n.js';
import { usePage } from '../../lib/page-context.js';
import { firstScale, ResponsiveImage } from '../image.js';
import { SmartLink } from '../smart-link.js';
import { BrokenBlock } from './placeholder.js';
import type { BlockProps } from './types.js';

export function TeaserBlock({ id, data }: BlockProps) {
  const { deps } = usePage();
  const t = useT();
  if (!Array.isArray(data.href) || data.href.length === 0) return null;
  const target = deps.teasers[id];
  if (!target) return <BrokenBlock type="teaser" reason="missing" />;
  const title = data.overwrite && data.title ? data.title : target.title;
  const description = data.overwrite && data.description ? data.description : target.description;
  const image = firstScale(target.image_scales, data.image_field);
  return (
    <div className="block teaser">
      {image && (
        <ResponsiveImage
          base={target['@id']}
          image={image}
          alt=""
          scale="teaser"
          sizes="(max-width: 800px) 100vw, 400px"
        />
      )}
      <div className="teaser-text">
        {data.head_title && <p className="teaser-kicker">{String(data.head_title)}</p>}
        <h2 className="teaser-title">
          <SmartLink href={target['@id']}>{String(title ?? '')}</SmartLink>
        </h2>
        {description && <p>{String(description)}</p>}
        <span className="visually-hidden">{t('readMore')}</span>
      </div>
    </div>
  );
}
