// @conversations: the endpoint @comments replaced. plone.restapi documents
// that it is gone; Plone answers 404 in the publisher's short form
// ({type, message}, no traversal `context`) for every method.
import type { Method, ServiceRegistry } from '../registry.js';

export function registerRemovedConversations(services: ServiceRegistry) {
  for (const method of ['GET', 'POST', 'PATCH', 'DELETE'] as Method[])
    services.add({
      method,
      name: '@conversations',
      permission: 'View',
      takesArgs: true,
      writes: false,
      locks: false,
      async handler(ctx) {
        const message = `Resource not found: ${ctx.urls.url(ctx.content.path)}/@conversations`;
        return { status: 404, body: { message, type: 'NotFound' } };
      },
    });
}
