// The last chunk is in: move the bytes into the blob store (before the
// transaction, streamed from the upload file), then, inside the write
// transaction, create the File/Image or replace the context's file.
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import {
  type BlobInfo,
  type ContentRecord,
  chooseFreeIdAsync,
  createContent,
  invalidIdReason,
  normalizeId,
  StagedBlob,
  TesseraError,
  updateContent,
  type WriteTx,
} from '@tessera/core';
import { fireContentRules } from '../../content-rules/fire.js';
import { assertUnlocked, requestLockToken } from '../../locking.js';
import { linkOnCreate, prepareCreate } from '../../multilingual/on-create.js';
import type { Site } from '../../site.js';
import { versionOnSave } from '../history/versioning.js';
import type { ServiceContext } from '../registry.js';
import type { UploadMeta, UploadStore } from './store.js';

// Enough for an image's pixel size: a JPEG's size marker can sit behind large EXIF/ICC segments.
const HEAD_BYTES = 256 * 1024;

export interface FinishedUpload {
  meta: UploadMeta;
  blob: BlobInfo;
  head: Buffer;
  /** Gives the upload back to other requests (it stays claimed until the transaction ends). */
  release: () => void;
}

export async function storeBlob(site: Site, store: UploadStore, meta: UploadMeta) {
  const path = store.dataPath(meta.id);
  const fh = await open(path, 'r');
  let head: Buffer;
  try {
    const buf = Buffer.alloc(Math.min(HEAD_BYTES, meta.length));
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    head = buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
  const blob = await site.storage.putBlob(createReadStream(path), { maxBytes: meta.length });
  return { blob, head };
}

/** Runs in the write transaction; returns the object that now holds the file. */
export async function applyUpload(ctx: ServiceContext<WriteTx>, f: FinishedUpload): Promise<ContentRecord> {
  const { meta } = f;
  const value = new StagedBlob(
    f.blob.hash,
    f.blob.size,
    meta.filename,
    meta.contentType ?? 'application/octet-stream',
    f.head,
  );
  const { tx, site } = ctx;
  if (meta.mode === 'replace') {
    // The upload's last PATCH (on @tus-upload, which skips the generic check) replaces this object's file.
    await assertUnlocked(tx, ctx.content, ctx.principal, requestLockToken(ctx.req.headers));
    const updated = await updateContent({
      tx,
      types: site.types,
      content: ctx.content,
      body: { [meta.field]: value },
      mode: 'patch',
    });
    await versionOnSave(ctx, updated, {});
    // As an edit through the content API: content rules run on it.
    const final = await fireContentRules(ctx, 'modified', updated);
    ctx.touched.add(final.uid);
    if (final.parentUid) ctx.touched.add(final.parentUid);
    return final;
  }
  if (!meta.type) throw new TesseraError('InternalServerError', 'The upload names no type.');
  const body: Record<string, unknown> = { '@type': meta.type, [meta.field]: value };
  const id = await idFromFilename(ctx, meta);
  if (id) body.id = id;
  // As a POST through the content API: the folder's language, then content rules.
  const prepared = prepareCreate(ctx, body);
  let created = await createContent({
    tx,
    types: site.types,
    parent: ctx.content,
    body: prepared.body,
    principal: ctx.principal,
    workflows: site.workflows,
  });
  for (const uid of await linkOnCreate(ctx, created, prepared)) ctx.touched.add(uid);
  await versionOnSave(ctx, created, { created: true });
  created = await fireContentRules(ctx, 'added', created);
  ctx.touched.add(created.uid).add(ctx.content.uid);
  return created;
}

/**
 * Types with plone.namefromfilename are named after the file (report.pdf),
 * as Plone names them; others get the default (from the title or type).
 */
async function idFromFilename(ctx: ServiceContext<WriteTx>, meta: UploadMeta): Promise<string | undefined> {
  const info = meta.type ? ctx.site.types.get(meta.type) : undefined;
  if (!meta.filename || !info?.def.behaviors.includes('plone.namefromfilename')) return undefined;
  const base = normalizeId(meta.filename);
  if (!base || invalidIdReason(base)) return undefined;
  return chooseFreeIdAsync(base, (ids) => ctx.tx.childIdsAmong(ctx.content.uid, ids));
}
