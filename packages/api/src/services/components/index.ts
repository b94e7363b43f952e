// The component services (@breadcrumbs, @navigation, @actions, @workflow GET,
// @navroot, @aliases, @contextnavigation): each answers with what its
// expander puts under @components.
import { COMPONENTS } from '../../expanders/index.js';
import { expandShared } from '../../serializers/content.js';
import { rawQueryOf } from '../content/serialize.js';
import type { ServiceRegistry } from '../registry.js';

export function registerComponents(services: ServiceRegistry) {
  for (const name of COMPONENTS) {
    // @types, @aliases and @translations have their own services.
    if (name === 'types' || name === 'aliases' || name === 'translations') continue;
    services.add({
      method: 'GET',
      name: `@${name}`,
      permission: 'View',
      cacheable: name !== 'workflow',
      async handler(ctx) {
        const query = { ...ctx.query };
        // @navigation?expand.navigation.depth=2 is spelled without the prefix here too.
        // Through the shared components cache: @navigation is the same body on every page.
        const result = await expandShared(
          name,
          {
            site: ctx.site,
            tx: ctx.tx,
            urls: ctx.urls,
            principal: ctx.principal,
            query,
            rawQuery: rawQueryOf(ctx),
            cacheBounds: ctx.cacheBounds,
          },
          ctx.content,
        );
        return { body: result?.body, deps: result?.deps };
      },
    });
  }
}
