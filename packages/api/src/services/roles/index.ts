// GET @roles: the roles that can be granted, in Plone's order.
// https://6.docs.plone.org/plone.restapi/docs/source/endpoints/roles.html
import { ASSIGNABLE_ROLES } from '@tessera/core';
import type { ServiceRegistry } from '../registry.js';
import { requireSiteRoot } from '../users/common.js';

const ORDER = ['Contributor', 'Editor', 'Member', 'Reader', 'Reviewer', 'Site Administrator', 'Manager'];

export function registerRoles(services: ServiceRegistry) {
  services.add({
    method: 'GET',
    name: '@roles',
    permission: 'Manage users',
    async handler(ctx) {
      requireSiteRoot(ctx);
      // Owner is granted by ownership, never assigned, so Plone leaves it out.
      const roles = ASSIGNABLE_ROLES.filter((r) => r !== 'Owner').sort(
        (a, b) => (ORDER.indexOf(a) + 1 || 99) - (ORDER.indexOf(b) + 1 || 99),
      );
      return {
        body: roles.map((id) => ({
          '@id': `${ctx.urls.siteUrl}/@roles/${id}`,
          '@type': 'role',
          id,
          title: id,
        })),
      };
    },
  });
}
