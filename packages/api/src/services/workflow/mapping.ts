// @workflows (site root): the shipped workflows, and which type follows which
// (Plone's "Types" control panel, workflow part). PATCH changes the mapping
// and moves existing items into the new workflow (see core/workflow/remap.ts):
//   PATCH /@workflows {"types": {"News Item": "one_state_workflow"},
//                      "default": "simple_publication_workflow",
//                      "state_map": {"private": "published"}}
import { badRequest, changeWorkflows, WORKFLOWS, type WriteTx } from '@tessera/core';
import type { ServiceContext, ServiceRegistry } from '../registry.js';

function describe(ctx: ServiceContext) {
  const chain = ctx.site.workflows;
  const types: Record<string, string | null> = {};
  for (const name of ctx.site.types.all().map((t) => t.def.id)) types[name] = chain.idFor(name);
  return {
    '@id': `${ctx.urls.siteUrl}/@workflows`,
    default: chain.setting.default,
    types,
    workflows: Object.values(WORKFLOWS).map((wf) => ({
      id: wf.id,
      title: wf.title,
      description: wf.description ?? '',
      initial_state: wf.initial,
      states: Object.values(wf.states).map((s) => ({ id: s.id, title: s.title })),
      transitions: Object.values(wf.transitions).map((t) => ({ id: t.id, title: t.title, new_state: t.to })),
    })),
  };
}

const rootOnly = (ctx: ServiceContext) => {
  if (ctx.content.parentUid !== null)
    throw badRequest('@workflows is a site setting: use it on the site root.');
};

export function registerWorkflowMapping(services: ServiceRegistry) {
  services.add({
    method: 'GET',
    name: '@workflows',
    permission: 'Manage portal',
    async handler(ctx) {
      rootOnly(ctx);
      return { body: describe(ctx) };
    },
  });

  services.add<WriteTx>({
    method: 'PATCH',
    name: '@workflows',
    // Site administration, not an edit of the object: no lock check.
    locks: false,
    permission: 'Manage portal',
    async handler(ctx) {
      rootOnly(ctx);
      const body = ctx.body as Record<string, unknown> | undefined;
      if (!body || typeof body !== 'object' || Array.isArray(body))
        throw badRequest('The request body must be a JSON object.');
      const unknown = Object.keys(body).filter((k) => !['types', 'default', 'state_map'].includes(k));
      if (unknown.length) throw badRequest(`Unknown parameters: ${unknown.join(', ')}.`);
      const isMap = (v: unknown) =>
        v === undefined || (typeof v === 'object' && v !== null && !Array.isArray(v));
      if (!isMap(body.types) || !isMap(body.state_map))
        throw badRequest('"types" and "state_map" must be objects.');
      if (body.default !== undefined && body.default !== null && typeof body.default !== 'string')
        throw badRequest('"default" must be a workflow id or null.');
      const { remapped } = await changeWorkflows({
        tx: ctx.tx,
        principal: ctx.principal,
        current: ctx.site.workflows.setting,
        types: body.types as Record<string, string | null> | undefined,
        default: body.default as string | null | undefined,
        stateMap: body.state_map as Record<string, string> | undefined,
        knownTypes: ctx.site.types.all().map((t) => t.def.id),
      });
      for (const uid of remapped) ctx.touched.add(uid);
      ctx.changedRegistry.settings = true;
      return { status: 204 };
    },
  });
}
