// Packing (history and blob collection) and integrity checks: docs/packing.md.

export type { PackTarget } from './batch.js';
export { type CheckResult, checkIntegrity, describeCheck, type Problem } from './check.js';
export {
  DEFAULT_BLOB_GRACE_SECONDS,
  describePack,
  PACK_SETTING,
  type PackOptions,
  type PackResult,
  pack,
} from './pack.js';
