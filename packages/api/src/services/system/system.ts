// @system: versions and environment, for Site Setup (Manager only).
import type { ServiceRegistry } from '../registry.js';
import { upgradeDue } from '../upgrade/index.js';

const started = new Date().toISOString();

export function registerSystem(services: ServiceRegistry) {
  services.add({
    method: 'GET',
    name: '@system',
    permission: 'Manage portal',
    async handler({ site, urls, tx }) {
      return {
        body: {
          '@id': `${urls.siteUrl}/@system`,
          tessera_version: '0.1.0',
          node_version: process.version,
          database: site.storage.dialect,
          last_transaction: await tx.lastTid(),
          plone_restapi_version: '9.0.0',
          plone_version: '6.0',
          started,
          debug_mode: 'No',
          upgrade: await upgradeDue(tx),
          types: (await tx.listTypes()).length,
        },
      };
    },
  });
}
