// The site's own upgrade steps: work a newer Tessera must do on data an older
// one wrote (rebuild the catalog when what it indexes changed, recompute
// stored security when its shape changed). Each step is due when the version
// stored in the site's settings differs from the code's. `tessera serve` runs
// the due steps at start (upgradeSite); @upgrade lists and runs them.
// Schema migrations (packages/storage/src/migrations.ts) are the other half.
import {
  type ChainSetting,
  DEFAULT_CHAIN,
  type ReadTx,
  rebuildAllSecurity,
  type Storage,
  WorkflowChain,
  type WriteTx,
} from '@tessera/core';

export interface SiteUpgradeStep {
  /** The setting that records the version in force. */
  setting: 'catalog_version' | 'security_version';
  /** The version this code needs. */
  version: number;
  title: string;
  run(tx: WriteTx): Promise<void>;
}

/** Bumped when stored security must be recomputed (its shape or meaning changed). */
export const SECURITY_VERSION = 1;

/** Bumped when what the catalog indexes changes: the catalog is rebuilt at the next start. */
export const CATALOG_VERSION = 2; // 2: image_field and image_scales metadata

export const SITE_UPGRADE_STEPS: readonly SiteUpgradeStep[] = [
  {
    setting: 'catalog_version',
    version: CATALOG_VERSION,
    title: 'Catalog rebuilt',
    async run(tx) {
      await tx.reindexCatalog();
    },
  },
  {
    setting: 'security_version',
    version: SECURITY_VERSION,
    title: 'Security recomputed',
    async run(tx) {
      const chain = (await tx.getSetting<ChainSetting>('workflow_chain')) ?? DEFAULT_CHAIN;
      if (!(await tx.getSetting('workflow_chain'))) await tx.setSetting('workflow_chain', chain);
      await rebuildAllSecurity(tx, new WorkflowChain(chain));
    },
  },
];

/** The version each step's setting holds now (0 when never written). */
export async function storedVersions(tx: ReadTx): Promise<Map<SiteUpgradeStep, number>> {
  const out = new Map<SiteUpgradeStep, number>();
  for (const step of SITE_UPGRADE_STEPS) out.set(step, (await tx.getSetting<number>(step.setting)) ?? 0);
  return out;
}

/** Runs one step and records its version, in the caller's transaction. */
export async function runSiteStep(tx: WriteTx, step: SiteUpgradeStep) {
  await step.run(tx);
  await tx.setSetting(step.setting, step.version);
}

/** Brings a site made by an older Tessera up to date, one transaction per step; a no-op when it is. */
export async function upgradeSite(storage: Storage) {
  for (const step of SITE_UPGRADE_STEPS) {
    const stored = await storage.read((tx) => tx.getSetting<number>(step.setting));
    if (stored === step.version) continue;
    await storage.write({ principal: null, note: step.title }, (tx) => runSiteStep(tx, step));
  }
}
