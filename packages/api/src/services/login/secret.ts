// POST @jwt-secret: rotates the JWT signing secret (Manager only). Tokens
// signed with the old secret keep working for `grace` seconds (default
// config.jwtSecretGrace; 0 ends them at once, for a leaked secret). Other
// processes switch keys on their next request (site.sync() reloads settings).
// The CLI has the same: `tessera rotate-jwt-secret`.
import { badRequest, forbidden, type WriteTx } from '@tessera/core';
import { rotateSecret } from '../../auth/secrets.js';
import type { ServiceRegistry } from '../registry.js';
import { bodyObject, requireSiteRoot } from '../users/common.js';

export function registerJwtSecret(services: ServiceRegistry) {
  services.add<WriteTx>({
    method: 'POST',
    name: '@jwt-secret',
    // Site administration, not an edit of the object: no lock check.
    locks: false,
    permission: 'Manage portal',
    async handler(ctx) {
      requireSiteRoot(ctx);
      if (!ctx.principal.roles.has('Manager'))
        throw forbidden('Only a Manager may rotate the signing secret.');
      const { grace = ctx.site.config.jwtSecretGrace, ...rest } = bodyObject(ctx.body);
      if (Object.keys(rest).length) throw badRequest(`Unknown fields: ${Object.keys(rest).join(', ')}.`);
      if (!Number.isSafeInteger(grace) || (grace as number) < 0 || (grace as number) > 30 * 86400)
        throw badRequest('"grace" must be a number of seconds (0 to 30 days).');
      const until = await rotateSecret(ctx.tx, grace as number);
      ctx.changedRegistry.settings = true;
      ctx.log.warn({ principal: ctx.principal.id, grace }, 'JWT signing secret rotated');
      return { body: { rotated: true, previous_valid_until: grace === 0 ? null : until } };
    },
  });
}
