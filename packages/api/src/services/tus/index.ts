// @tus-upload and @tus-replace: resumable uploads (TUS 1.0.0 with the
// creation and expiration extensions), as plone.restapi offers them.
// https://6.docs.plone.org/plone.restapi/docs/source/endpoints/tusupload.html
//
// POST creates an upload on disk and answers its URL (always under
// @tus-upload); PATCH appends a chunk; HEAD tells the offset. All of that
// happens in `stage`, before and without any transaction. The PATCH that
// completes the upload stores the bytes as a blob, then its handler creates
// the File/Image (or replaces the file) in the write transaction.
import { join } from 'node:path';
import { can, TesseraError, uploadLimitFor, type WriteTx } from '@tessera/core';
import { refusal } from '../../access.js';
import { RawBody } from '../../raw-body.js';
import type { Site } from '../../site.js';
import { indexFileTexts } from '../../text-extraction/index.js';
import type { ServiceRegistry, StageContext, Staged } from '../registry.js';
import { applyUpload, type FinishedUpload, storeBlob } from './finish.js';
import { maxUploadSize, uploadLifetimeMs } from './limits.js';
import {
  byteCount,
  CHUNK_TYPE,
  checkResumable,
  header,
  httpDate,
  parseMetadata,
  TUS_EXTENSIONS,
  TUS_VERSION,
  tusError,
} from './protocol.js';
import { type UploadState, UploadStore } from './store.js';
import { uploadTarget } from './target.js';

const stores = new WeakMap<Site, UploadStore>();

/** One store per site (a restarted process gets a new one over the same directory). */
export function uploadStore(site: Site): UploadStore {
  let store = stores.get(site);
  if (!store) {
    store = new UploadStore(join(site.config.data, 'tus'), uploadLifetimeMs(site.config));
    stores.set(site, store);
  }
  return store;
}

const RESUMABLE = { 'Tus-Resumable': TUS_VERSION };

function create(mode: 'create' | 'replace') {
  return async (ctx: StageContext): Promise<Staged> => {
    checkResumable(ctx.req);
    // creation-with-upload is not offered: the bytes come with PATCH.
    if (ctx.body instanceof RawBody && ctx.body.length !== 0)
      throw tusError('BadRequest', 'Send the file with PATCH requests to the upload URL, not with the POST.');
    const length = byteCount(ctx.req, 'Upload-Length');
    const target = uploadTarget({
      site: ctx.site,
      content: ctx.content,
      mode,
      metadata: parseMetadata(header(ctx.req, 'upload-metadata')),
    });
    // Replacing: the object's own type; creating: the type the upload will make.
    const max = uploadLimitFor(ctx.site.config, mode === 'replace' ? ctx.content.type : (target.type ?? ''));
    if (length > max)
      throw tusError('RequestEntityTooLarge', `The upload is larger than the limit of ${max} bytes.`, {
        'Tus-Max-Size': String(max),
      });
    const { meta, expires } = await uploadStore(ctx.site).create({
      mode,
      context: ctx.content.uid,
      owner: ctx.principal.id,
      length,
      ...target,
    });
    // @tus-replace hands out an @tus-upload URL too (PATCH and HEAD live there).
    const location = `${ctx.urls.url(ctx.content.path)}/@tus-upload/${meta.id}`;
    return {
      reply: {
        status: 201,
        headers: { Location: location, ...RESUMABLE, 'Upload-Expires': httpDate(expires) },
      },
    };
  };
}

/**
 * The upload at this URL, for the principal who started it on this object;
 * anyone else, or another object's URL, gets the 404 an unknown id gets.
 * Continuing it takes what starting it took: Add portal content for a new
 * item, Modify portal content for a replacement.
 */
async function openUpload(ctx: StageContext): Promise<UploadState> {
  checkResumable(ctx.req);
  const state = ctx.args.length === 1 ? await uploadStore(ctx.site).get(ctx.args[0]) : undefined;
  if (!state || state.meta.context !== ctx.content.uid || state.meta.owner !== ctx.principal.id)
    throw tusError('NotFound', 'No such upload (unknown, expired or finished).');
  const permission = state.meta.mode === 'create' ? 'Add portal content' : 'Modify portal content';
  if (!can(ctx.principal, permission, ctx.content)) {
    const r = refusal(ctx.principal, ctx.urls.url(ctx.content.path));
    throw new TesseraError(r.type, r.message, { extra: r.extra, headers: RESUMABLE });
  }
  return state;
}

async function head(ctx: StageContext): Promise<Staged> {
  const { meta, offset, expires } = await openUpload(ctx);
  return {
    reply: {
      status: 200,
      headers: {
        ...RESUMABLE,
        'Upload-Length': String(meta.length),
        'Upload-Offset': String(offset),
        'Upload-Expires': httpDate(expires),
        'Cache-Control': 'no-store',
      },
    },
  };
}

async function patch(ctx: StageContext): Promise<Staged> {
  const { meta } = await openUpload(ctx);
  const body = ctx.body;
  if (!(body instanceof RawBody) || body.contentType.split(';', 1)[0].trim().toLowerCase() !== CHUNK_TYPE)
    throw tusError('UnsupportedMediaType', `Chunks are sent as Content-Type: ${CHUNK_TYPE}.`);
  const offset = byteCount(ctx.req, 'Upload-Offset');
  // A large body we will not read is better cut off than drained.
  const unread = (body.length ?? 0) > 1024 * 1024 ? { Connection: 'close' } : undefined;
  const store = uploadStore(ctx.site);
  const release = store.lock(meta.id);
  try {
    // The offset is read under the lock: a request that finished meanwhile moved it.
    const current = (await store.get(meta.id))?.offset;
    if (current === undefined) throw tusError('NotFound', 'No such upload (unknown, expired or finished).');
    if (offset !== current)
      throw tusError('Conflict', `The upload is at offset ${current}, not ${offset}.`, {
        'Upload-Offset': String(current),
        ...unread,
      });
    const room = meta.length - offset;
    if (body.length !== undefined && body.length > room)
      throw tusError(
        'RequestEntityTooLarge',
        `The chunk goes past the Upload-Length (${meta.length}).`,
        unread,
      );
    const reached = await store.append(meta.id, offset, body.stream, room);
    if (reached < meta.length) {
      release();
      return {
        reply: {
          status: 204,
          headers: {
            ...RESUMABLE,
            'Upload-Offset': String(reached),
            'Upload-Expires': httpDate(Date.now() + uploadLifetimeMs(ctx.site.config)),
          },
        },
      };
    }
    const { blob, head } = await storeBlob(ctx.site, store, meta);
    const value: FinishedUpload = { meta, blob, head, release };
    // The upload stays on disk when the transaction fails: a PATCH of zero
    // bytes at the final offset tries again (until it expires).
    return { value, discard: async () => release() };
  } catch (err) {
    release();
    // The client went away mid-chunk: what arrived is kept for HEAD and resuming; not a server error.
    if (
      !(err instanceof TesseraError) &&
      (ctx.req.raw.destroyed || (err as NodeJS.ErrnoException).code === 'ECONNRESET')
    )
      throw tusError('BadRequest', 'The connection closed before the chunk was complete.');
    throw err;
  }
}

export function registerTus(services: ServiceRegistry) {
  services.add({
    method: 'POST',
    name: '@tus-upload',
    // Site administration, not an edit of the object: no lock check.
    locks: false,
    permission: 'Add portal content',
    stage: create('create'),
    handler: notStaged,
  });
  services.add({
    method: 'POST',
    name: '@tus-replace',
    permission: 'Modify portal content',
    stage: create('replace'),
    handler: notStaged,
  });
  // HEAD and PATCH check the permission that fits the upload (openUpload).
  services.add({
    method: 'HEAD',
    name: '@tus-upload',
    permission: 'View',
    takesArgs: true,
    stage: head,
    handler: notStaged,
  });
  services.add<WriteTx>({
    method: 'PATCH',
    name: '@tus-upload',
    // Site administration, not an edit of the object: no lock check.
    locks: false,
    permission: 'View',
    takesArgs: true,
    stage: patch,
    async handler(ctx) {
      const finished = ctx.staged as FinishedUpload;
      const target = await applyUpload(ctx, finished);
      ctx.afterCommit(async () => {
        await uploadStore(ctx.site)
          .remove(finished.meta.id)
          .catch((err) => ctx.log.warn({ err }, 'could not remove a finished upload'));
        finished.release();
      });
      ctx.afterCommit(() => indexFileTexts(ctx.site, target));
      return {
        status: 204,
        headers: {
          ...RESUMABLE,
          'Upload-Offset': String(finished.meta.length),
          Location: ctx.urls.url(target.path),
        },
      };
    },
  });
  for (const name of ['@tus-upload', '@tus-replace']) {
    services.add({
      method: 'OPTIONS',
      name,
      permission: 'View',
      takesArgs: true,
      stage: options,
      handler: notStaged,
    });
  }
}

async function options(ctx: StageContext): Promise<Staged> {
  return {
    reply: {
      status: 204,
      headers: {
        ...RESUMABLE,
        'Tus-Version': TUS_VERSION,
        'Tus-Extension': TUS_EXTENSIONS,
        'Tus-Max-Size': String(maxUploadSize(ctx.site.config)),
      },
    },
  };
}

// Every reply but the completing PATCH's comes from `stage`.
async function notStaged(): Promise<never> {
  throw new TesseraError('InternalServerError', 'A TUS request reached a handler without staging.');
}
