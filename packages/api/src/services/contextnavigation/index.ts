// @contextnavigation itself is served with the other components
// (services/components, expanders/contextnavigation.ts). What lives here is
// the endpoint it replaced: plone.restapi removed `@components`
// (`/front-page/@components/navigation`); Plone answers 404 for it in the
// publisher's short form, {type, message} without the traversal `context`.
import type { ServiceRegistry } from '../registry.js';

export function registerRemovedComponents(services: ServiceRegistry) {
  services.add({
    method: 'GET',
    name: '@components',
    permission: 'View',
    takesArgs: true,
    // A reply, not a TesseraError: errors.ts renders the flat form only for
    // errors that carry a `context` (traversal), and this one has none.
    async handler(ctx) {
      const message = `Resource not found: ${ctx.urls.url(ctx.content.path)}/@components`;
      return { status: 404, body: { message, type: 'NotFound' } };
    },
  });
}
