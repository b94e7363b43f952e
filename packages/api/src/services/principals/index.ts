// GET @principals?search=: users (by id, login, full name, e-mail) and
// groups (by id, title) matching the search, in summary form.
// https://6.docs.plone.org/plone.restapi/docs/source/endpoints/principals.html
import { badRequest } from '@tessera/core';
import { groupSummary } from '../groups/index.js';
import type { ServiceRegistry } from '../registry.js';
import { requireSiteRoot, serializeUser } from '../users/common.js';
import { sortUsers } from '../users/get.js';

const LIMIT = 100;

export function registerPrincipals(services: ServiceRegistry) {
  services.add({
    method: 'GET',
    name: '@principals',
    permission: 'Manage portal',
    async handler(ctx) {
      requireSiteRoot(ctx);
      const search = ctx.query.search;
      if (typeof search !== 'string' || !search) throw badRequest('Required "search" parameter is missing.');
      const users = [];
      for (const u of sortUsers(await ctx.tx.listUsers({ search })).slice(0, LIMIT))
        users.push(await serializeUser(ctx, u));
      const groups = (await ctx.tx.listGroups({ search }))
        .sort((a, b) => (a.id < b.id ? -1 : 1))
        .slice(0, LIMIT)
        .map((g) => groupSummary(ctx, g));
      return { body: { users, groups } };
    },
  });
}
