// The backend's purger, built from its configuration (purgeUrls, purgeCdn…).
import type { Config } from '@tessera/core';
import { Purger, type PurgerLog, type PurgeTarget } from './purger.js';
import { cloudflareTarget, fastlyTarget, varnishTarget } from './targets.js';

export { ALL, Purger, type PurgeTarget } from './purger.js';
export { cloudflareTarget, fastlyTarget, varnishTarget } from './targets.js';

export function purgerFromConfig(config: Config, log: PurgerLog): Purger {
  const targets: PurgeTarget[] = config.purgeUrls.map(varnishTarget);
  if (config.purgeCdn === 'cloudflare')
    targets.push(
      cloudflareTarget({
        zone: config.purgeCdnId,
        token: config.purgeCdnToken,
        endpoint: config.purgeCdnEndpoint,
      }),
    );
  if (config.purgeCdn === 'fastly')
    targets.push(
      fastlyTarget({
        service: config.purgeCdnId,
        token: config.purgeCdnToken,
        endpoint: config.purgeCdnEndpoint,
      }),
    );
  return new Purger(targets, { log });
}
