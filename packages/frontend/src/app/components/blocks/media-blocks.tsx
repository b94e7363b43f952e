// Image, video and maps blocks.
import { pathOf } from '../../lib/paths.js';
import { safeUrl } from '../../lib/urls.js';
import { firstScale, ResponsiveImage } from '../image.js';
import { SmartLink } from '../smart-link.js';
import { ConsentEmbed, mapsEmbed, videoEmbed } from './consent-embed.js';
import { BrokenBlock } from './placeholder.js';
import type { BlockProps } from './types.js';

const SIZES: Record<string, string> = {
  s: '(max-width: 400px) 100vw, 200px',
  m: '(max-width: 800px) 100vw, 400px',
  l: '(max-width: 1200px) 100vw, 1200px',
};

export function ImageBlock({ data }: BlockProps) {
  const alt = typeof data.alt === 'string' ? data.alt : '';
  const url = typeof data.url === 'string' ? data.url : null;
  if (!url) return null;
  const path = pathOf(url);
  const internal = url.startsWith('/') && path;
  const img = internal ? (
    <ResponsiveImage
      base={path}
      image={firstScale(data.image_scales, data.image_field)}
      field={data.image_field}
      alt={alt}
      sizes={SIZES[data.size] ?? SIZES.l}
    />
  ) : (
    <img src={safeUrl(url)} alt={alt} loading="lazy" />
  );
  const align = ['left', 'right', 'center', 'full'].includes(data.align) ? data.align : 'center';
  return (
    <figure className={`block image align-${align}`}>
      {data.href ? <SmartLink href={pathOf(data.href[0]?.['@id']) ?? data.href}>{img}</SmartLink> : img}
    </figure>
  );
}

export function VideoBlock({ data }: BlockProps) {
  const embed = videoEmbed(data.url);
  if (!embed) return <BrokenBlock type="video" />;
  return (
    <div className="block video">
      <ConsentEmbed src={embed.src} provider={embed.provider} title={data.title || embed.provider} />
    </div>
  );
}

export function MapsBlock({ data }: BlockProps) {
  const embed = mapsEmbed(data.url);
  if (!embed) return <BrokenBlock type="maps" />;
  return (
    <div className="block maps">
      <ConsentEmbed src={embed.src} provider={embed.provider} title={data.title || embed.provider} />
    </div>
  );
}
