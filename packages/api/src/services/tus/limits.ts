// The numbers TUS uploads live by. Per-type size limits come from the
// `uploadLimits` config key (uploadLimitFor); this is what OPTIONS advertises.
import type { Config } from '@tessera/core';

/** The largest Upload-Length any type accepts (advertised as Tus-Max-Size). */
export function maxUploadSize(config: Config): number {
  return Math.max(...Object.values(config.uploadLimits));
}

/**
 * How long an unfinished upload is kept after its last chunk arrived
 * (Upload-Expires). plone.restapi keeps them an hour; a day lets a large
 * upload over a poor connection resume after a night's pause.
 */
export function uploadLifetimeMs(_config: Config): number {
  return 24 * 3600 * 1000;
}
