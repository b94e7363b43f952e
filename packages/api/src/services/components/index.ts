// The component services (@breadcrumbs, @navigation, @actions, @workflow GET,
// @navroot, @aliases, @contextnavigation): each answers with what its
// expander puts under @components.
import { COMPONENTS, expand } from '../../expanders/index.js';
import { rawQueryOf } from '../content/serialize.js';
import type { ServiceRegistry } from '../registry.js';

export function registerComponents(services: ServiceRegistry) {
  for (const name of COMPONENTS) {
    if (name === 'types') continue; // @types has its own services
    services.add({
      method: 'GET',
      name: `@${name}`,
      permission: 'View',
      cacheable: name !== 'workflow',
      async handler(ctx) {
        const query = { ...ctx.query };
        // @navigation?expand.navigation.depth=2 is spelled without the prefix here too.
        const result = await expand(
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
