// @@site-logo[/<filename>]: the logo uploaded in the site control panel.
import { decodeSiteFile, TesseraError } from '@tessera/core';
import { siteSetting } from '../../settings/index.js';
import type { ServiceRegistry } from '../registry.js';

// Only raster images and icons are served as themselves; anything else
// (SVG can carry script) goes out as a download.
const TYPES: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  ico: 'image/vnd.microsoft.icon',
};

export function registerSiteLogo(services: ServiceRegistry) {
  services.add({
    method: 'GET',
    name: '@site-logo',
    permission: 'View',
    takesArgs: true,
    async handler(ctx) {
      const logo = decodeSiteFile(siteSetting(ctx.site, 'plone.site_logo'));
      if (!logo) throw new TesseraError('NotFound', 'The site has no logo of its own.');
      const ext = /\.([a-z0-9]+)$/i.exec(logo.filename)?.[1]?.toLowerCase() ?? '';
      const type = TYPES[ext];
      const name = logo.filename.replace(/[^\w.-]/g, '_');
      return {
        status: 200,
        stream: true,
        body: logo.data,
        headers: {
          'Content-Type': type ?? 'application/octet-stream',
          'Content-Length': String(logo.data.length),
          'Content-Disposition': `${type ? 'inline' : 'attachment'}; filename="${name}"`,
          'X-Content-Type-Options': 'nosniff',
          'Content-Security-Policy': "default-src 'none'; sandbox",
          'Cache-Control': 'public, max-age=0, must-revalidate',
        },
      };
    },
  });
}
