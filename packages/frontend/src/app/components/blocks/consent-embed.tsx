// Third-party players (YouTube, Vimeo, maps) load only after the visitor asks:
// before that the page makes no request to the provider.
import { useState } from 'react';
import { useT } from '../../lib/i18n.js';

export function ConsentEmbed({ src, provider, title }: { src: string; provider: string; title: string }) {
  const t = useT();
  const [loaded, setLoaded] = useState(false);
  if (loaded)
    return (
      <div className="embed">
        <iframe
          src={src}
          title={title}
          allow="autoplay; fullscreen; picture-in-picture"
          allowFullScreen
          referrerPolicy="strict-origin-when-cross-origin"
        />
      </div>
    );
  return (
    <div className="embed embed-consent">
      <p>{t('videoConsent', { provider })}</p>
      <button type="button" onClick={() => setLoaded(true)}>
        {t('loadVideo', { provider })}
      </button>
    </div>
  );
}

/** The privacy-friendly embed URL of a YouTube or Vimeo page URL, or null. */
export function videoEmbed(url: unknown): { src: string; provider: string } | null {
  if (typeof url !== 'string') return null;
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  const host = u.hostname.replace(/^www\./, '');
  let id: string | null = null;
  if (host === 'youtu.be') id = u.pathname.slice(1);
  else if (host === 'youtube.com' || host === 'm.youtube.com' || host === 'youtube-nocookie.com')
    id = u.searchParams.get('v') ?? /^\/(?:embed|shorts|live)\/([^/]+)/.exec(u.pathname)?.[1] ?? null;
  if (id && /^[\w-]{6,20}$/.test(id))
    return { src: `https://www.youtube-nocookie.com/embed/${id}`, provider: 'YouTube' };
  if (host === 'vimeo.com' || host === 'player.vimeo.com') {
    const vid = /(\d{5,12})/.exec(u.pathname)?.[1];
    if (vid) return { src: `https://player.vimeo.com/video/${vid}?dnt=1`, provider: 'Vimeo' };
  }
  return null;
}

/** The https src of a maps embed (a URL or pasted <iframe> code). */
export function mapsEmbed(value: unknown): { src: string; provider: string } | null {
  if (typeof value !== 'string') return null;
  const src = /src="([^"]+)"/.exec(value)?.[1] ?? value;
  try {
    const u = new URL(src.replaceAll('&amp;', '&'));
    if (u.protocol !== 'https:') return null;
    const provider = /google\./.test(u.hostname)
      ? 'Google Maps'
      : /openstreetmap\.org$/.test(u.hostname)
        ? 'OpenStreetMap'
        : u.hostname;
    return { src: u.toString(), provider };
  } catch {
    return null;
  }
}
