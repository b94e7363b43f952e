// @content-rules on a folder or the site root: which rules apply here, and
// assigning, ordering, enabling and unassigning them. Plone allows this on
// folderish content only (IRuleAssignable).
// https://6.docs.plone.org/plone.restapi/docs/source/endpoints/content-rules.html
import { type RuleAssignment, TesseraError, type WriteTx } from '@tessera/core';
import type { ServiceContext, ServiceRegistry } from '../registry.js';
import { rulesListing } from './listing.js';

const PERMISSION = 'Content rules: Manage rules';

function requireAssignable(ctx: ServiceContext) {
  if (ctx.content.parentUid === null || ctx.site.types.get(ctx.content.type)?.def.folderish) return;
  throw new TesseraError('NotFound', `Resource not found: ${ctx.urls.url(ctx.content.path)}/@content-rules`);
}

function body(ctx: ServiceContext): Record<string, unknown> {
  const b = ctx.body ?? {};
  if (typeof b !== 'object' || Array.isArray(b))
    throw new TesseraError('BadRequest', 'The request body must be a JSON object.');
  return b as Record<string, unknown>;
}

function ruleIds(data: Record<string, unknown>): string[] {
  const ids = data.rule_ids;
  if (!Array.isArray(ids) || !ids.length || ids.some((i) => typeof i !== 'string') || ids.length > 1000)
    throw new TesseraError('BadRequest', 'Missing parameter rule_ids');
  return ids as string[];
}

/** Python's repr of a list of strings, as plone.restapi's messages show it. */
const repr = (ids: string[]) => `[${ids.map((i) => `'${i}'`).join(', ')}]`;

/** Rewrites the assignments here after `change`, positions renumbered in order. */
async function rewrite(ctx: ServiceContext<WriteTx>, change: (list: RuleAssignment[]) => RuleAssignment[]) {
  const store = ctx.tx.contentRules();
  const before = await store.assignmentsOn([ctx.content.uid]);
  const after = change(before.map((a) => ({ ...a })));
  for (const a of before)
    if (!after.some((b) => b.ruleId === a.ruleId)) await store.deleteAssignment(a.containerUid, a.ruleId);
  for (const [position, a] of after.entries()) {
    const old = before.find((b) => b.ruleId === a.ruleId);
    if (old && old.position === position && old.enabled === a.enabled && old.bubbles === a.bubbles) continue;
    await store.putAssignment({ ...a, position });
  }
}

export function registerContentRules(services: ServiceRegistry) {
  services.add({
    method: 'GET',
    name: '@content-rules',
    permission: PERMISSION,
    async handler(ctx) {
      requireAssignable(ctx);
      return { body: await rulesListing(ctx) };
    },
  });

  services.add<WriteTx>({
    method: 'POST',
    name: '@content-rules',
    permission: PERMISSION,
    locks: false,
    takesArgs: true,
    async handler(ctx) {
      requireAssignable(ctx);
      const ruleId = ctx.args[0];
      if (!ruleId || ctx.args.length > 1) throw new TesseraError('BadRequest', 'Missing parameter rule_id');
      if (!(await ctx.tx.contentRules().rule(ruleId)))
        throw new TesseraError('NotFound', `No such content rule: ${ruleId}`);
      await rewrite(ctx, (list) =>
        list.some((a) => a.ruleId === ruleId)
          ? list
          : [
              ...list,
              { containerUid: ctx.content.uid, ruleId, position: list.length, enabled: true, bubbles: false },
            ],
      );
      return { body: { message: `Successfully assigned the rule ${ruleId}` } };
    },
  });

  services.add<WriteTx>({
    method: 'PATCH',
    name: '@content-rules',
    permission: PERMISSION,
    locks: false,
    async handler(ctx) {
      requireAssignable(ctx);
      const data = body(ctx);
      const operation = data.operation;
      if (operation !== undefined) {
        if (operation !== 'move_up' && operation !== 'move_down')
          throw new TesseraError('BadRequest', '"operation" must be "move_up" or "move_down".');
        const ruleId = data.rule_id;
        if (typeof ruleId !== 'string') throw new TesseraError('BadRequest', 'Missing parameter rule_id');
        await rewrite(ctx, (list) => {
          const i = list.findIndex((a) => a.ruleId === ruleId);
          const to = operation === 'move_up' ? i - 1 : i + 1;
          if (i >= 0 && to >= 0 && to < list.length) list.splice(to, 0, ...list.splice(i, 1));
          return list;
        });
        return { body: { message: `Successfully applied the ${operation}` } };
      }
      const buttons: Array<[string, Partial<RuleAssignment>, (ids: string) => string]> = [
        ['form.button.Enable', { enabled: true }, (ids) => `Successfully enabled rules ${ids}`],
        ['form.button.Disable', { enabled: false }, (ids) => `Successfully disabled rules ${ids}`],
        ['form.button.Bubble', { bubbles: true }, (ids) => `Successfully applied ${ids} to subfolders`],
        ['form.button.NoBubble', { bubbles: false }, (ids) => `Disabled apply to subfolders for ${ids}`],
      ];
      const pressed = buttons.filter(([key]) => data[key]);
      if (pressed.length !== 1)
        throw new TesseraError(
          'BadRequest',
          'Send "operation" (move_up, move_down) or one of form.button.Enable, Disable, Bubble, NoBubble with rule_ids.',
        );
      const [, change, message] = pressed[0]!;
      const ids = ruleIds(data);
      // Ids not assigned here are passed over, as in Plone.
      await rewrite(ctx, (list) => list.map((a) => (ids.includes(a.ruleId) ? { ...a, ...change } : a)));
      return { body: { message: message(repr(ids)) } };
    },
  });

  services.add<WriteTx>({
    method: 'DELETE',
    name: '@content-rules',
    permission: PERMISSION,
    locks: false,
    async handler(ctx) {
      requireAssignable(ctx);
      const ids = ruleIds(body(ctx));
      await rewrite(ctx, (list) => list.filter((a) => !ids.includes(a.ruleId)));
      return { status: 204 };
    },
  });
}
