// GET/POST/PATCH/PUT/DELETE on content objects.
// https://6.docs.plone.org/plone.restapi/docs/source/usage/content.html
import {
  createContent,
  refuseIfCheckedOut,
  reorderChildren,
  TesseraError,
  updateContent,
  uploadLimitFor,
  type WriteTx,
} from '@tessera/core';
import { fireContentRules } from '../../content-rules/fire.js';
import { linkOnCreate, prepareCreate } from '../../multilingual/on-create.js';
import type { RawBody } from '../../raw-body.js';
import { indexFileTexts } from '../../text-extraction/index.js';
import { takeChangeNote, versionOnSave } from '../history/versioning.js';
import type { ServiceContext, ServiceRegistry } from '../registry.js';
import { trashOrDelete } from '../trash/delete.js';
import { stageMultipart } from './multipart-upload.js';
import { serializeFor, wantsRepresentation } from './serialize.js';

/** Relation values may name targets by URLs of this site or site paths (links/resolve.ts). */
const relationScopeOf = (ctx: ServiceContext) => ({
  siteUrl: ctx.urls.siteUrl,
  mount: ctx.site.config.sitePath,
});

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
      const { note, body: input } = takeChangeNote(ctx.staged ?? ctx.body);
      const prepared = prepareCreate(ctx, input);
      let created = await createContent({
        tx: ctx.tx,
        types: ctx.site.types,
        parent: ctx.content,
        body: prepared.body,
        uploadLimit: (type) => uploadLimitFor(ctx.site.config, type),
        principal: ctx.principal,
        workflows: ctx.site.workflows,
        relationScope: relationScopeOf(ctx),
      });
      for (const uid of await linkOnCreate(ctx, created, prepared)) ctx.touched.add(uid);
      await versionOnSave(ctx, created, { created: true, note });
      created = await fireContentRules(ctx, 'added', created);
      ctx.touched.add(created.uid).add(ctx.content.uid);
      ctx.afterCommit(() => indexFileTexts(ctx.site, created));
      const { body } = await serializeFor(ctx, created, false, ctx.content);
      return { status: 201, body, headers: { Location: ctx.urls.url(created.path) } };
    },
  });

  const update = (mode: 'patch' | 'put') => async (ctx: ServiceContext<WriteTx>) => {
    const taken = takeChangeNote(ctx.staged ?? ctx.body);
    const body = taken.body as Record<string, unknown> | undefined;
    if (body === undefined) throw new TesseraError('BadRequest', 'The request body must be a JSON object.');
    ctx.touched.add(ctx.content.uid);
    if (ctx.content.parentUid) ctx.touched.add(ctx.content.parentUid);
    let updated = ctx.content;
    if (mode === 'patch' && body && typeof body === 'object' && 'ordering' in body) {
      await reorderChildren(ctx.tx, ctx.content, body.ordering);
    }
    const fields = Object.keys(body ?? {}).filter((k) => k !== 'ordering');
    if (fields.length || mode === 'put') {
      // A checked-out item's fields are staged in its working copy (reordering its children is not).
      await refuseIfCheckedOut(ctx.tx, ctx.content, ctx.principal);
      updated = await updateContent({
        tx: ctx.tx,
        types: ctx.site.types,
        content: ctx.content,
        body,
        mode,
        uploadLimit: (type) => uploadLimitFor(ctx.site.config, type),
        relationScope: relationScopeOf(ctx),
        // A rename moves the subtree: every moved object's cached copy goes.
        onMoved: (moved) => {
          for (const uid of moved.uids) ctx.touched.add(uid);
        },
      });
      await versionOnSave(ctx, updated, { note: taken.note });
      updated = await fireContentRules(ctx, 'modified', updated);
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
      // Into the trash unless it is disabled (docs/trash.md).
      const removed = await trashOrDelete(ctx);
      await fireContentRules(ctx, 'removed', ctx.content);
      for (const uid of removed) ctx.touched.add(uid);
      ctx.touched.add(ctx.content.parentUid);
      return { status: 204 };
    },
  });
}
