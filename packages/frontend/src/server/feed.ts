// RSS 2.0 feeds for collections and folders (news): `<path>/rss.xml`. A
// Collection lists its own query's results; a folder its direct children,
// newest first. Pages of both link the feed with <link rel="alternate">.

import { api } from '../app/lib/api.server.js';
import type { TesseraContext } from '../app/lib/context.js';
import { feedPath, hasFeed } from '../app/lib/feed-links.js';

/** Items per feed: feed readers poll, a short feed keeps each poll cheap. */
export const FEED_SIZE = 20;

export function escapeXml(s: string): string {
  return s.replace(
    /[<>&'"]/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!,
  );
}

function rfc822(value: unknown): string | null {
  if (typeof value !== 'string' || !value || value.startsWith('1969') || value.startsWith('None'))
    return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d.toUTCString();
}

export interface FeedItem {
  '@id': string;
  title?: unknown;
  description?: unknown;
  UID?: unknown;
  effective?: unknown;
  created?: unknown;
}

export function rssXml(
  origin: string,
  channel: { '@id': string; title?: unknown; description?: unknown },
  items: FeedItem[],
): string {
  const url = (path: string) => escapeXml(origin + (path === '/' ? '' : path));
  const entries = items.map((item) => {
    const date = rfc822(item.effective) ?? rfc822(item.created);
    return [
      '<item>',
      `<title>${escapeXml(String(item.title ?? ''))}</title>`,
      `<link>${url(item['@id'])}</link>`,
      item.description ? `<description>${escapeXml(String(item.description))}</description>` : '',
      typeof item.UID === 'string' ? `<guid isPermaLink="false">${escapeXml(item.UID)}</guid>` : '',
      date ? `<pubDate>${date}</pubDate>` : '',
      '</item>',
    ].join('');
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">',
    '<channel>',
    `<title>${escapeXml(String(channel.title ?? ''))}</title>`,
    `<link>${url(channel['@id'])}</link>`,
    `<description>${escapeXml(String(channel.description ?? channel.title ?? ''))}</description>`,
    `<atom:link href="${url(feedPath(channel['@id']))}" rel="self" type="application/rss+xml"/>`,
    ...entries,
    '</channel>',
    '</rss>',
    '',
  ].join('\n');
}

/** The feed's channel and items, or null when the path is no collection or folder. */
export async function loadFeed(ctx: TesseraContext, path: string) {
  const res = await api(ctx, path);
  const content = res.body;
  if (res.status !== 200 || !content || !hasFeed(content['@type'])) return null;
  if (typeof content.UID === 'string') ctx.uids.add(content.UID);
  let items: FeedItem[] = [];
  if (content['@type'] === 'Collection') {
    const r = await api(ctx, `${path === '/' ? '' : path}/@querystring-search`, {
      method: 'POST',
      body: {
        query: Array.isArray(content.query) ? content.query : [],
        sort_on: typeof content.sort_on === 'string' ? content.sort_on : 'effective',
        sort_order: content.sort_reversed || !content.sort_on ? 'descending' : 'ascending',
        b_size: FEED_SIZE,
        metadata_fields: ['UID', 'effective', 'created'],
      },
    });
    items = Array.isArray(r.body?.items) ? r.body.items : [];
  } else {
    const qs = new URLSearchParams({
      'path.query': path,
      'path.depth': '1',
      sort_on: 'effective',
      sort_order: 'descending',
      b_size: String(FEED_SIZE),
    });
    for (const f of ['UID', 'effective', 'created']) qs.append('metadata_fields', f);
    const r = await api(ctx, `/@search?${qs}`);
    items = Array.isArray(r.body?.items) ? r.body.items : [];
  }
  items = items.filter((i) => i && typeof i['@id'] === 'string').slice(0, FEED_SIZE);
  for (const i of items) if (typeof i.UID === 'string') ctx.uids.add(i.UID);
  return { channel: content, items };
}
