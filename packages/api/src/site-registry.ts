// The site-wide settings plone.restapi exposes through @site (and later the
// control panels), with Plone 6's defaults.
import type { Config } from '@tessera/core';

export function defaultRegistry(config: Config): Record<string, unknown> {
  return {
    'plone.site_title': config.siteTitle,
    'plone.site_logo': null,
    'plone.default_language': 'en',
    'plone.available_languages': ['en'],
    'plone.portal_timezone': 'UTC',
    'plone.robots_txt':
      'Sitemap: {portal_url}/sitemap.xml.gz\n\n# Allow robots everywhere anonymous users may go.\nUser-agent: *\nDisallow:\n',
    'plone.allowed_sizes': [
      'huge 1600:65536',
      'great 1200:65536',
      'larger 1000:65536',
      'large 800:65536',
      'teaser 600:65536',
      'preview 400:65536',
      'mini 200:65536',
      'thumb 128:128',
      'tile 64:64',
      'icon 32:32',
      'listing 16:16',
    ],
    'plone.filter_aliases_by_date': true,
  };
}
