// The site-wide settings a new site starts with (the registry records'
// defaults cover the rest; see core/src/settings).
import { type Config, DEFAULT_ALLOWED_SIZES, DEFAULT_ROBOTS_TXT } from '@tessera/core';

export function defaultRegistry(config: Config): Record<string, unknown> {
  return {
    'plone.site_title': config.siteTitle,
    'plone.site_logo': null,
    'plone.default_language': 'en',
    'plone.available_languages': ['en'],
    'plone.portal_timezone': 'UTC',
    'plone.robots_txt': DEFAULT_ROBOTS_TXT,
    'plone.allowed_sizes': [...DEFAULT_ALLOWED_SIZES],
    'plone.filter_aliases_by_date': true,
  };
}
