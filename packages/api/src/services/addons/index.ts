// @addons: Plone's add-ons are Python packages with GenericSetup profiles that
// a site installs and uninstalls. Tessera has none: its features are built in
// and switched by configuration, not installed per site. So the list is
// honestly empty, and naming an add-on (to read, install, uninstall, upgrade
// or import a profile of it) is a 404 that says so. See docs/site-admin.md.
// https://6.docs.plone.org/plone.restapi/docs/source/endpoints/addons.html
import { TesseraError } from '@tessera/core';
import { requireSiteRoot } from '../../settings/store.js';
import type { ServiceContext, ServiceRegistry } from '../registry.js';

const ACTIONS = new Set(['install', 'uninstall', 'upgrade', 'import']);

function noSuchAddon(ctx: ServiceContext): never {
  throw new TesseraError(
    'NotFound',
    `No add-on named '${ctx.args[0]}': Tessera has no installable add-ons (its features are built in).`,
  );
}

export function registerAddons(services: ServiceRegistry) {
  services.add({
    method: 'GET',
    name: '@addons',
    permission: 'Manage portal',
    takesArgs: true,
    async handler(ctx) {
      requireSiteRoot(ctx, '@addons');
      if (ctx.args.length > 0) noSuchAddon(ctx);
      // plone.restapi answers only `items` (with ?upgradeable=1 the ones with an upgrade: none either).
      return { body: { items: [] } };
    },
  });

  services.add({
    method: 'POST',
    name: '@addons',
    writes: false,
    locks: false,
    permission: 'Manage portal',
    takesArgs: true,
    async handler(ctx) {
      requireSiteRoot(ctx, '@addons');
      const [addon, action] = ctx.args;
      if (!addon || !action)
        throw new TesseraError('BadRequest', 'Use @addons/<add-on>/<install|uninstall|upgrade|import>.');
      if (!ACTIONS.has(action)) throw new TesseraError('BadRequest', `Unknown action: ${action}`);
      noSuchAddon(ctx);
    },
  });
}
