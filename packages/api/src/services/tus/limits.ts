// The numbers TUS uploads live by. They are constants for now.
// TODO(uploadLimits): read the largest upload from the `uploadLimits` config
// key (per-type upload limits, packages/core/src/config.ts) once it lands; the
// callers already pass the config so only this file changes.
import type { Config } from '@tessera/core';

const GIB = 1024 * 1024 * 1024;

/** The largest Upload-Length accepted (advertised as Tus-Max-Size). */
export function maxUploadSize(_config: Config): number {
  return 10 * GIB;
}

/**
 * How long an unfinished upload is kept after its last chunk arrived
 * (Upload-Expires). plone.restapi keeps them an hour; a day lets a large
 * upload over a poor connection resume after a night's pause.
 */
export function uploadLifetimeMs(_config: Config): number {
  return 24 * 3600 * 1000;
}
