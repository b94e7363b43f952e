// POST @workflow/{transition}: take a workflow transition, with an optional
// comment, publication dates and (for folders) the same transition on
// everything inside that allows it. GET @workflow is a component service.
// https://6.docs.plone.org/plone.restapi/docs/source/endpoints/workflow.html
import { badRequest, doTransition, type WriteTx } from '@tessera/core';
import { fireContentRules } from '../../content-rules/fire.js';
import type { ServiceRegistry } from '../registry.js';
import { registerWorkflowMapping } from './mapping.js';

const KNOWN = new Set(['comment', 'effective', 'expires', 'include_children']);

export function registerWorkflow(services: ServiceRegistry) {
  registerWorkflowMapping(services);
  services.add<WriteTx>({
    method: 'POST',
    name: '@workflow',
    // Anyone who can see the object may ask; the transition's guard decides.
    permission: 'View',
    takesArgs: true,
    async handler(ctx) {
      if (ctx.args.length !== 1) throw badRequest('Name one transition: POST …/@workflow/{transition}.');
      const body = (ctx.body ?? {}) as Record<string, unknown>;
      if (typeof body !== 'object' || Array.isArray(body))
        throw badRequest('The request body must be a JSON object.');
      const unknown = Object.keys(body).filter((k) => !KNOWN.has(k));
      if (unknown.length) throw badRequest(`Unknown parameters: ${unknown.join(', ')}.`);
      if (body.include_children !== undefined && typeof body.include_children !== 'boolean')
        throw badRequest('"include_children" must be a boolean.');
      const result = await doTransition({
        tx: ctx.tx,
        rec: ctx.content,
        principal: ctx.principal,
        workflows: ctx.site.workflows,
        transition: ctx.args[0]!,
        comment: body.comment as string | undefined,
        effective: body.effective as string | undefined,
        expires: body.expires as string | undefined,
        includeChildren: body.include_children === true,
      });
      for (const uid of result.changed) ctx.touched.add(uid);
      await fireContentRules(ctx, 'workflow', (await ctx.tx.byUid(ctx.content.uid)) ?? ctx.content);
      if (ctx.content.parentUid) ctx.touched.add(ctx.content.parentUid);
      return { status: 200, body: { ...result.entry, title: result.stateTitle } };
    },
  });
}
