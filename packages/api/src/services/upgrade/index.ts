// @upgrade: is the site's stored data in step with this code, and bring it
// there. Tessera's "upgrade steps" are its own: schema migrations (applied by
// every process before it serves, so only a database written by a newer
// Tessera can differ) and the site steps of site-upgrade.ts (catalog rebuild,
// security recompute). Versions are "<migrations>.<catalog>.<security>".
// https://6.docs.plone.org/plone.restapi/docs/source/endpoints/upgrade.html
import { type ReadTx, TesseraError, type WriteTx } from '@tessera/core';
import { requireSiteRoot } from '../../settings/store.js';
import { runSiteStep, SITE_UPGRADE_STEPS, storedVersions } from '../../site-upgrade.js';
import type { ServiceContext, ServiceRegistry } from '../registry.js';

interface UpgradeState {
  fs: string;
  instance: string;
  /** Steps this process can run now, grouped as plone.restapi groups them ("from-to"). */
  steps: Record<string, Array<{ id: string; title: string }>>;
  due: typeof SITE_UPGRADE_STEPS;
  /** Migrations the database has that this code does not know: it was written by a newer Tessera. */
  newerSchema: string[];
}

async function upgradeState(tx: ReadTx): Promise<UpgradeState> {
  const { code, applied } = await tx.siteAdmin().schemaMigrations();
  const stored = await storedVersions(tx);
  const steps: UpgradeState['steps'] = {};
  const pendingSchema = code.filter((m) => !applied.includes(m));
  if (pendingSchema.length)
    steps[`schema:${applied.length}-${code.length}`] = pendingSchema.map((m) => ({
      id: m,
      title: `Schema migration ${m}`,
    }));
  const due = SITE_UPGRADE_STEPS.filter((s) => stored.get(s) !== s.version);
  for (const s of due)
    steps[`${s.setting}:${stored.get(s)}-${s.version}`] = [{ id: s.setting, title: s.title }];
  const fs = [code.length, ...SITE_UPGRADE_STEPS.map((s) => s.version)].join('.');
  const instance = [applied.length, ...SITE_UPGRADE_STEPS.map((s) => stored.get(s))].join('.');
  return { fs, instance, steps, due, newerSchema: applied.filter((m) => !code.includes(m)) };
}

/** Whether the stored site needs an upgrade this code can run (for @system's `upgrade`). */
export async function upgradeDue(tx: ReadTx): Promise<boolean> {
  const state = await upgradeState(tx);
  return state.fs !== state.instance;
}

const url = (ctx: ServiceContext) => `${ctx.urls.siteUrl}/@upgrade`;

function dryRunOf(body: unknown): boolean {
  if (body === undefined || body === null) return false;
  if (typeof body !== 'object' || Array.isArray(body))
    throw new TesseraError('BadRequest', 'The request body must be a JSON object.');
  const v = (body as Record<string, unknown>).dry_run ?? false;
  if (typeof v !== 'boolean') throw new TesseraError('BadRequest', 'dry_run must be true or false.');
  return v;
}

export function registerUpgrade(services: ServiceRegistry) {
  services.add({
    method: 'GET',
    name: '@upgrade',
    permission: 'Manage portal',
    async handler(ctx) {
      requireSiteRoot(ctx, '@upgrade');
      const state = await upgradeState(ctx.tx);
      return {
        body: {
          '@id': url(ctx),
          upgrade_steps: state.steps,
          versions: { fs: state.fs, instance: state.instance },
        },
      };
    },
  });

  services.add<WriteTx>({
    method: 'POST',
    name: '@upgrade',
    // Site administration, not an edit of the object: no lock check.
    locks: false,
    permission: 'Manage portal',
    async handler(ctx) {
      requireSiteRoot(ctx, '@upgrade');
      const dryRun = dryRunOf(ctx.body);
      const before = await upgradeState(ctx.tx);
      const lines: string[] = [];
      if (dryRun) lines.push('Dry run selected.');
      lines.push(`Starting the upgrade from version: ${before.instance}`);
      if (before.newerSchema.length)
        lines.push(
          `The database has schema migrations this Tessera does not know (${before.newerSchema.join(', ')}): it was upgraded by a newer version; run that version.`,
        );
      for (const step of before.due) {
        if (!dryRun) await runSiteStep(ctx.tx, step);
        lines.push(`${dryRun ? 'Would run' : 'Ran'} upgrade step: ${step.title}`);
      }
      if (!dryRun && before.due.length) {
        await ctx.tx.setTransactionNote('Site upgraded');
        // Security and catalog entries changed under every object.
        ctx.changedRegistry.settings = true;
        ctx.changedRegistry.types = true;
      }
      const after = dryRun ? before : await upgradeState(ctx.tx);
      lines.push(after.fs === after.instance ? 'Your site is up to date.' : 'Your site is not up to date.');
      if (dryRun) lines.push('Dry run selected, nothing was changed.');
      return {
        body: {
          '@id': url(ctx),
          dry_run: dryRun,
          report: `${lines.join('\n')}\n`,
          upgraded: after.fs === after.instance,
          versions: { fs: after.fs, instance: after.instance },
        },
      };
    },
  });
}
