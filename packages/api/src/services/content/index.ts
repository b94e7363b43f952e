// GET/POST/PATCH/PUT/DELETE on content objects.
// https://6.docs.plone.org/plone.restapi/docs/source/usage/content.html
import {
  createContent,
  reorderChildren,
  TesseraError,
  updateContent,
  uploadLimitFor,
  type WriteTx,
} from '@tessera/core';
import type { RawBody } from '../../raw-body.js';
import { indexFileTexts } from '../../text-extraction/index.js';
import type { ServiceContext, ServiceRegistry } from '../registry.js';
import { stageMultipart } from './multipart-upload.js';
import { serializeFor, wantsRepresentation } from './serialize.js';

export function registerContent(services: ServiceRegistry) {
  services.add({
    method: 'GET',
    name: null,
    permission: 'View',
    cacheable: true,
    async handler(ctx) {
      const { body, deps, volatile } = await serializeFor(ctx, ctx.content);
      return { body, deps: volatile ? undefined : deps, version: ctx.content.tid };
    },
  });

  services.add<WriteTx>({
    method: 'POST',
    name: null,
    permission: 'Add portal content',
    stageOnlyUploads: true,
    stage: (ctx) => stageMultipart(ctx, ctx.body as RawBody),
    async handler(ctx) {
      const created = await createContent({
        tx: ctx.tx,
        types: ctx.site.types,
        parent: ctx.content,
        body: ctx.staged ?? ctx.body,
        uploadLimit: (type) => uploadLimitFor(ctx.site.config, type),
        principal: ctx.principal,
        workflows: ctx.site.workflows,
      });
      ctx.touched.add(created.uid).add(ctx.content.uid);
      ctx.afterCommit(() => indexFileTexts(ctx.site, created));
      const { body } = await serializeFor(ctx, created, false, ctx.content);
      return { status: 201, body, headers: { Location: ctx.urls.url(created.path) } };
    },
  });

  const update = (mode: 'patch' | 'put') => async (ctx: ServiceContext<WriteTx>) => {
    const body = (ctx.staged ?? ctx.body) as Record<string, unknown> | undefined;
    if (body === undefined) throw new TesseraError('BadRequest', 'The request body must be a JSON object.');
    ctx.touched.add(ctx.content.uid);
    if (ctx.content.parentUid) ctx.touched.add(ctx.content.parentUid);
    let updated = ctx.content;
    if (mode === 'patch' && body && typeof body === 'object' && 'ordering' in body) {
      await reorderChildren(ctx.tx, ctx.content, body.ordering);
    }
    const fields = Object.keys(body ?? {}).filter((k) => k !== 'ordering');
    if (fields.length || mode === 'put') {
      updated = await updateContent({
        tx: ctx.tx,
        types: ctx.site.types,
        content: ctx.content,
        body,
        mode,
        uploadLimit: (type) => uploadLimitFor(ctx.site.config, type),
        // A rename moves the subtree: every moved object's cached copy goes.
        onMoved: (moved) => {
          for (const uid of moved.uids) ctx.touched.add(uid);
        },
      });
    }
    const changed = updated;
    ctx.afterCommit(() => indexFileTexts(ctx.site, changed));
    if (wantsRepresentation(ctx))
      return { status: 200, body: (await serializeFor(ctx, updated, false)).body };
    return { status: 204 };
  };

  services.add<WriteTx>({
    method: 'PATCH',
    name: null,
    permission: 'Modify portal content',
    stageOnlyUploads: true,
    stage: (ctx) => stageMultipart(ctx, ctx.body as RawBody, ctx.content.type),
    handler: update('patch'),
  });
  services.add<WriteTx>({
    method: 'PUT',
    name: null,
    permission: 'Modify portal content',
    stageOnlyUploads: true,
    stage: (ctx) => stageMultipart(ctx, ctx.body as RawBody, ctx.content.type),
    handler: update('put'),
  });

  services.add<WriteTx>({
    method: 'DELETE',
    name: null,
    permission: 'Delete objects',
    async handler(ctx) {
      if (ctx.content.parentUid === null)
        throw new TesseraError('BadRequest', 'The site root cannot be deleted.');
      const removed = await ctx.tx.deleteTree(ctx.content.uid);
      for (const uid of removed) ctx.touched.add(uid);
      ctx.touched.add(ctx.content.parentUid);
      return { status: 204 };
    },
  });
}
