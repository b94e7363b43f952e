// robots.txt and sitemap.xml. The sitemap lists what anonymous visitors can
// see: it asks the backend without the visitor's credentials.

function escapeXml(s: string): string {
  return s.replace(
    /[<>&'"]/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!,
  );
}

export function robotsTxt(origin: string): string {
  return `User-agent: *\nDisallow: /login\nDisallow: /search\n\nSitemap: ${origin}/sitemap.xml\n`;
}

export function sitemapXml(origin: string, items: { '@id': string; modified?: string | null }[]): string {
  const urls = items.map((item) => {
    const path = item['@id'] === '/' ? '' : item['@id'];
    const lastmod = item.modified ? `<lastmod>${escapeXml(item.modified.slice(0, 10))}</lastmod>` : '';
    return `<url><loc>${escapeXml(origin + path)}</loc>${lastmod}</url>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls.join('\n')}\n</urlset>\n`;
}
