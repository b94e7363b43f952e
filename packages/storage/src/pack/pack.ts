// `tessera pack`: history older than N days, then blobs nothing refers to.
// See docs/packing.md (what is kept) and docs/decisions/0020-packing.md.
import type { KyselyStorage } from '../kysely-storage.js';
import { type PackTarget, syncEveryCommit } from './batch.js';
import { type BlobsCollected, collectBlobs } from './blob-gc.js';
import { packRevisions, type RevisionsPacked } from './revisions.js';
import { cutoffTid, packTransactions, type TransactionsPacked } from './transactions.js';

/** Blobs stored less than this long ago stay (their transaction may still be on its way). */
export const DEFAULT_BLOB_GRACE_SECONDS = 24 * 3600;

/** The setting a pack writes when it starts (see markPack). */
export const PACK_SETTING = 'last_pack';

export interface PackOptions {
  days: number;
  /** Seconds; default DEFAULT_BLOB_GRACE_SECONDS. */
  blobGrace?: number;
  dryRun?: boolean;
  blobDir?: string;
  /** For tests: the current time. */
  now?: Date;
  /** Progress lines. */
  log?: (line: string) => void;
}

export interface PackResult {
  cutoff: string;
  cutoffTid: number;
  revisions: Omit<RevisionsPacked, 'removed'>;
  transactions: TransactionsPacked;
  blobs: BlobsCollected;
  ms: number;
  dryRun: boolean;
}

/**
 * Packs a storage online (each step in short batches). Before removing
 * anything it commits a marker (the `last_pack` setting): its tid is newer
 * than everything pack removes, and a settings change makes every running
 * process drop its cached serializations on its next request — so no process
 * can miss a change whose record pack removed (changesSince() reads
 * revisions and object_changes).
 */
export async function pack(storage: KyselyStorage, opts: PackOptions): Promise<PackResult> {
  const started = performance.now();
  const now = opts.now ?? new Date();
  const log = opts.log ?? (() => {});
  const dryRun = opts.dryRun ?? false;
  const cutoff = new Date(now.getTime() - opts.days * 86_400_000).toISOString();
  const grace = new Date(now.getTime() - (opts.blobGrace ?? DEFAULT_BLOB_GRACE_SECONDS) * 1000);
  const target: PackTarget = { db: storage.db, caps: storage.caps, blobDir: opts.blobDir };

  const tid = await cutoffTid(storage.db, cutoff);
  if (!dryRun) {
    await storage.write({ principal: null, note: 'pack', path: '' }, (tx) =>
      tx.setSetting(PACK_SETTING, { started: now.toISOString(), days: opts.days, cutoff, cutoffTid: tid }),
    );
    await syncEveryCommit(target);
  }
  log(`Packing history up to transaction ${tid} (${cutoff})${dryRun ? ', dry run' : ''}…`);
  const revisions = await packRevisions(target, tid, { dryRun });
  log(`Revisions: ${revisions.revisions} ${dryRun ? 'to remove' : 'removed'}.`);
  const transactions = await packTransactions(target, tid, { dryRun, removed: revisions.removed });
  log(`Transactions: ${transactions.transactions} ${dryRun ? 'to remove' : 'removed'}.`);
  log('Collecting blobs…');
  const blobs = await collectBlobs(target, { graceCutoff: grace, dryRun, removed: revisions.removed });
  return {
    cutoff,
    cutoffTid: tid,
    revisions: { revisions: revisions.revisions, forgotten: revisions.forgotten },
    transactions,
    blobs,
    ms: Math.round(performance.now() - started),
    dryRun,
  };
}

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

/** The summary `tessera pack` prints. */
export function describePack(r: PackResult): string {
  const verb = r.dryRun ? 'would be removed' : 'removed';
  const b = r.blobs;
  const lines = [
    `${r.dryRun ? 'Dry run: nothing was changed. ' : ''}History before ${r.cutoff} (up to transaction ${r.cutoffTid}):`,
    `  revisions ${verb}: ${r.revisions.revisions} (whole history of ${r.revisions.forgotten} deleted objects)`,
    `  transactions ${verb}: ${r.transactions.transactions}; cache-invalidation records: ${r.transactions.objectChanges}`,
    `Blobs ${verb}: ${b.blobs} (${mib(b.bytes)} freed)`,
    `  image scale records of unreferenced images: ${b.scaleRows}; extracted texts: ${b.texts}; upload leftovers: ${b.leftovers}`,
    `  kept as younger than the grace period: ${b.young}${b.stamped ? `; stamped now (stored before their time was recorded, collected by a later pack): ${b.stamped}` : ''}`,
    `Took ${(r.ms / 1000).toFixed(1)} s.`,
  ];
  return `${lines.join('\n')}\n`;
}
