// @site: site-wide settings Volto reads on every server-side render.
import { siteLogoUrl, siteSetting } from '../../settings/index.js';
import type { ServiceRegistry } from '../registry.js';

const KEYS = [
  'plone.allowed_sizes',
  'plone.available_languages',
  'plone.default_language',
  'plone.portal_timezone',
  'plone.robots_txt',
  'plone.site_logo',
  'plone.site_title',
];

export function registerSite(services: ServiceRegistry) {
  services.add({
    method: 'GET',
    name: '@site',
    permission: 'View',
    async handler({ site, urls, tx }) {
      const root = await tx.byPath('');
      const body: Record<string, unknown> = {
        '@id': `${urls.siteUrl}/@site`,
        features: {
          filter_aliases_by_date: site.settings['plone.filter_aliases_by_date'] !== false,
          multilingual: false,
        },
      };
      for (const key of KEYS) body[key] = siteSetting(site, key) ?? null;
      // The logo is stored encoded in its record; clients get its URL, as from Plone.
      body['plone.site_logo'] = siteLogoUrl(site, urls.siteUrl);
      // The root's title is the site title (PATCHing the root changes both).
      if (root && typeof root.data.title === 'string') body['plone.site_title'] = root.data.title;
      return { body };
    },
  });
}
