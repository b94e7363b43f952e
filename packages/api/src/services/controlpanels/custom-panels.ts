// Control panels that are not a set of registry records (core/src/settings/
// panels/) but have their own routes under @controlpanels/<id>: listing,
// reading, adding, changing and deleting their items. index.ts lists their
// summaries with the others and hands any request for their id to them
// (POST and DELETE under @controlpanels are registered there too).
import { hasPermission, PANEL_GROUPS, type Permission, TesseraError, type WriteTx } from '@tessera/core';
import type { Reply, ServiceContext } from '../registry.js';
import { dexterityTypesPanel } from './dexterity-types/index.js';

export interface CustomPanel {
  id: string;
  /** What the principal needs for anything under this panel (Plone's configlet permission). */
  permission: Permission;
  summary(ctx: ServiceContext): Promise<Record<string, unknown>> | Record<string, unknown>;
  /** GET @controlpanels/<id>[/<item>…]; `args` is the path after the id. */
  get(ctx: ServiceContext, args: string[]): Promise<Reply>;
  post?(ctx: ServiceContext<WriteTx>, args: string[]): Promise<Reply>;
  patch?(ctx: ServiceContext<WriteTx>, args: string[]): Promise<Reply>;
  delete?(ctx: ServiceContext<WriteTx>, args: string[]): Promise<Reply>;
}

export const CUSTOM_PANELS: readonly CustomPanel[] = [dexterityTypesPanel];

const BY_ID = new Map(CUSTOM_PANELS.map((p) => [p.id, p]));

type Summary = { group?: unknown; title?: unknown };

const groupRank = (s: Summary) => PANEL_GROUPS.indexOf(s.group as (typeof PANEL_GROUPS)[number]);
const titleKey = (s: Summary) => String(s.title ?? '').toLowerCase();

/**
 * The @controlpanels listing: the registry panels' summaries plus those of
 * the custom panels the principal may use, in Plone's order (group, then title).
 */
export async function withCustomPanels(ctx: ServiceContext, summaries: Summary[]): Promise<Summary[]> {
  const visible = CUSTOM_PANELS.filter((p) => hasPermission(ctx.principal, p.permission));
  const custom = await Promise.all(visible.map((p) => p.summary(ctx)));
  return [...summaries, ...custom].sort(
    (a, b) => groupRank(a) - groupRank(b) || titleKey(a).localeCompare(titleKey(b)),
  );
}

type Method = 'get' | 'post' | 'patch' | 'delete';

/**
 * Runs the custom panel the path names, if it is one (else undefined, and
 * the registry panels answer). Refuses like the publisher refuses a view.
 */
export async function dispatchCustomPanel(
  ctx: ServiceContext<any>,
  method: Method,
): Promise<Reply | undefined> {
  const panel = BY_ID.get(ctx.args[0] ?? '');
  if (!panel) return undefined;
  if (!hasPermission(ctx.principal, panel.permission)) {
    throw new TesseraError(
      ctx.principal.id === null ? 'Unauthorized' : 'Forbidden',
      'You are not authorized to access this resource.',
      { extra: { context: `${ctx.urls.siteUrl}/@controlpanels/${panel.id}` } },
    );
  }
  const run = panel[method];
  if (!run)
    throw new TesseraError(
      'MethodNotAllowed',
      `The ${panel.id} control panel does not accept ${method.toUpperCase()}.`,
    );
  return run.call(panel, ctx, ctx.args.slice(1));
}
