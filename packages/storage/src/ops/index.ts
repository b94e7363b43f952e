// Operations on whole sites: backup, restore, verify, convert (docs/backup.md).
export { type BackupOptions, type BackupResult, backup, prune } from './backup.js';
export {
  canonicalRow,
  checksumSite,
  compareChecksums,
  type TableChecksum,
  TableDigest,
} from './checksums.js';
export { type ConvertResult, convert } from './convert.js';
export { type Endpoint, endpoint } from './endpoint.js';
export { OpsError } from './errors.js';
export { listBackups, type Manifest, pickBackup, readManifest } from './manifest.js';
export { restore, verifyTarget } from './restore.js';
export { siteTables, type TableSpec } from './tables.js';
export { scratchDatabase, verifyBackup } from './verify.js';
