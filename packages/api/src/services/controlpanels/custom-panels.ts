// Control panels that are not a set of registry records (core/src/settings/
// panels/) but have their own routes under @controlpanels/<id>: listing,
// reading, adding, changing and deleting their items. index.ts lists their
// summaries with the others and hands any request for their id to them.
import {
  controlPanel,
  hasPermission,
  PANEL_GROUPS,
  type Permission,
  TesseraError,
  type WriteTx,
} from '@tessera/core';
import { requireSiteRoot } from '../../settings/store.js';
import type { Reply, ServiceContext, ServiceRegistry } from '../registry.js';
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

/** POST and DELETE under @controlpanels exist only for custom panels. */
export function registerCustomPanelWrites(services: ServiceRegistry) {
  for (const method of ['POST', 'DELETE'] as const) {
    services.add<WriteTx>({
      method,
      name: '@controlpanels',
      // Site administration, not an edit of the object: no lock check.
      locks: false,
      permission: 'Plone Site Setup: Overview',
      takesArgs: true,
      async handler(ctx) {
        requireSiteRoot(ctx, '@controlpanels');
        const reply = await dispatchCustomPanel(ctx, method === 'POST' ? 'post' : 'delete');
        if (reply) return reply;
        if (!ctx.args[0]) throw new TesseraError('BadRequest', 'Missing parameter controlpanelname');
        // A registry panel is read and PATCHed, never added to or deleted.
        if (controlPanel(ctx.args[0]) && ctx.args.length === 1)
          throw new TesseraError(
            'MethodNotAllowed',
            `The ${ctx.args[0]} control panel does not accept ${method}.`,
          );
        throw new TesseraError('NotFound', `No such control panel: ${ctx.args.join('/')}`);
      },
    });
  }
}
