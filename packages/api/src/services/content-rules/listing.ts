// GET @content-rules: the rules assigned here, those acquired from above
// (assigned on a container up the tree and applied to subfolders) and those
// that could still be assigned — plone.app.contentrules' manage-content-rules.
import type { ContentRule, ReadTx } from '@tessera/core';
import type { ServiceContext } from '../registry.js';

export async function rulesListing(ctx: ServiceContext<ReadTx>) {
  const store = ctx.tx.contentRules();
  const rules = new Map((await store.rules()).map((r) => [r.id, r]));
  const ruleUrl = (id: string) => `${ctx.urls.siteUrl}/++rule++${id}/@@manage-elements`;
  const info = (r: ContentRule) => ({
    description: r.description,
    id: r.id,
    title: r.title,
    trigger: r.event,
  });

  const assigned = [];
  for (const a of await store.assignmentsOn([ctx.content.uid])) {
    const r = rules.get(a.ruleId);
    if (!r) continue;
    assigned.push({
      ...info(r),
      bubbles: a.bubbles,
      enabled: a.enabled,
      global_enabled: r.enabled,
      url: ruleUrl(r.id),
    });
  }
  const inUse = new Set(assigned.map((r) => r.id));

  // The nearest container first, as Plone walks up from the parent.
  const acquired = [];
  if (ctx.content.parentUid !== null) {
    const above = (await ctx.tx.ancestors(ctx.content.path)).reverse();
    const byContainer = await store.assignmentsOn(above.map((c) => c.uid));
    for (const container of above) {
      for (const a of byContainer) {
        if (a.containerUid !== container.uid || !a.bubbles || inUse.has(a.ruleId)) continue;
        const r = rules.get(a.ruleId);
        if (!r) continue;
        acquired.push({
          ...info(r),
          enabled: a.enabled && r.enabled,
          url: `${ctx.urls.url(container.path)}/@@manage-content-rules`,
        });
      }
    }
  }

  const assignable = [...rules.values()]
    .filter((r) => !inUse.has(r.id))
    .map((r) => ({ ...info(r), enabled: r.enabled }));
  return {
    'content-rules': { acquired_rules: acquired, assignable_rules: assignable, assigned_rules: assigned },
  };
}
