// @@images: an Image field's original and its scales.
//   @@images/<field>                      the original (name-based)
//   @@images/<field>/<scale>              a named scale (preview, thumb…)
//   @@images/<field>-<width>-<hash>.<ext> a unique, cache-forever URL (what GET gives)
// Scales are rendered on first request and stored (scale-store.ts). SVG is
// never rasterised: every scale of an SVG is the original, served so that its
// scripts cannot run. docs/decisions/0017-image-scales.md.
import {
  ANONYMOUS,
  can,
  fileFieldFacts,
  type ImagePlan,
  imagePlan,
  isScaleFormat,
  parseScaleFile,
  type ScaleFormat,
  type ScaleInfo,
  type StoredFile,
  TesseraError,
} from '@tessera/core';
import { cacheBinaryResponses, keepBinary } from '../../binary-cache.js';
import { siteSetting } from '../../settings/index.js';
import type { Reply, ServiceContext, ServiceRegistry } from '../registry.js';
import { imageHeaders, notModified, scaleFilename } from './headers.js';
import { negotiateFormat } from './negotiate.js';
import { findScale, makeScale, type ScaleTarget } from './scale-store.js';

export function registerImages(services: ServiceRegistry) {
  // Stored scales and small originals are answered by the fast path next time.
  cacheBinaryResponses('@images');
  services.add({
    method: 'GET',
    name: '@images',
    permission: 'View',
    takesArgs: true,
    handler: serveImage,
  });
}

const notFound = (message: string) => new TesseraError('NotFound', message);

interface Wanted {
  field: string;
  value: StoredFile;
  plan: ImagePlan;
  entry: ScaleInfo;
  unique: boolean;
  /** The extension a unique URL asked for. */
  ext: string | null;
}

/** What the URL names, or a 404. */
function resolve(ctx: ServiceContext): Wanted {
  const facts = fileFieldFacts(ctx.site.types.get(ctx.content.type));
  const [first, scale, ...rest] = ctx.args;
  if (rest.length) throw notFound('Unknown image path.');
  let field = first ?? facts[0]?.name ?? '';
  const file = facts.some((f) => f.name === field) ? null : parseScaleFile(field);
  if (file) {
    if (scale !== undefined) throw notFound('Unknown image path.');
    field = file.field;
  }
  const fact = facts.find((f) => f.name === field);
  if (!fact) throw notFound(`No image field "${field}" here.`);
  const value = ctx.content.data[field] as StoredFile | null | undefined;
  if (!value?.blob) throw notFound(`The field "${field}" has no image.`);
  const plan = imagePlan(value, field)!;
  if (file) {
    const stem = (info: ScaleInfo) => info.file.slice(0, info.file.lastIndexOf('.'));
    const asked = `${file.field}-${ctx.args[0]!.split('-').at(-2)}-${file.hash}`;
    const entry = [plan.original, ...Object.values(plan.scales)].find((i) => stem(i) === asked);
    // An image that changed has new URLs; its old ones are gone.
    if (!entry) throw notFound('This image scale does not exist (the image may have changed).');
    return { field, value, plan, entry, unique: true, ext: file.ext };
  }
  if (scale === undefined) return { field, value, plan, entry: plan.original, unique: false, ext: null };
  const entry = fact.image ? plan.scales[scale] : undefined;
  if (!entry) throw notFound(`Unknown image scale "${scale}".`);
  return { field, value, plan, entry, unique: false, ext: null };
}

async function serveImage(ctx: ServiceContext): Promise<Reply> {
  const w = resolve(ctx);
  const publicly = can(ANONYMOUS, 'View', ctx.content);
  const ifNoneMatch = ctx.req.headers['if-none-match'];
  if (w.entry.file === w.plan.original.file) {
    if (w.unique && w.ext !== w.plan.ext) throw notFound('This image is not offered in that format.');
    return serveOriginal(ctx, w, publicly, ifNoneMatch);
  }

  // A real scale: in the image's format, or a configured modern one.
  const offered = ctx.site.config.imageFormats;
  let format = w.plan.ext as ScaleFormat;
  let varies = false;
  if (w.unique && w.ext !== w.plan.ext) {
    if (!w.ext || !isScaleFormat(w.ext) || !(offered as string[]).includes(w.ext))
      throw notFound('This image is not offered in that format.');
    format = w.ext;
  } else if (offered.length) {
    varies = true;
    format = negotiateFormat(ctx.req.headers.accept, offered) ?? format;
  }
  const hash = parseScaleFile(w.entry.file)!.hash;
  const target: ScaleTarget = {
    source: w.value.blob!,
    key: `${hash}.${format}`,
    size: { width: w.entry.width, height: w.entry.height },
    format,
  };
  const cache = { etag: `"${target.key}"`, unique: w.unique, publicly, varies };
  const fresh = notModified(ifNoneMatch, cache);
  if (fresh) return fresh;
  const headersFor = (rec: { contentType: string; size: number }) =>
    imageHeaders({
      ...cache,
      contentType: rec.contentType,
      length: rec.size,
      filename: scaleFilename(w.value, w.field, format),
    });

  const stored = await findScale(ctx.tx, target);
  if (stored)
    return { status: 200, stream: true, body: ctx.tx.openBlob(stored.blob), headers: headersFor(stored) };

  // Not made yet: render once the read transaction has ended (it may take a
  // while and needs no snapshot), then answer with the rendered bytes.
  const reply: Reply = { status: 200, stream: true };
  const storage = ctx.site.storage;
  const source = w.value.blob!;
  const tid = await ctx.tx.lastTid();
  ctx.afterCommit(async () => {
    const made = await makeScale(storage, target, () => storage.read(async (tx) => tx.openBlob(source)), {
      quality: qualityOf(ctx),
      maxPixels: ctx.site.config.imageMaxPixels,
      timeoutSeconds: ctx.site.config.imageTimeout,
    });
    reply.body = made.data;
    reply.headers = headersFor({ contentType: made.rec.contentType, size: made.data.length });
    if (!varies)
      keepBinary(ctx, '@images', tid, { body: made.data, etag: cache.etag, headers: reply.headers });
  });
  return reply;
}

async function serveOriginal(
  ctx: ServiceContext,
  w: Wanted,
  publicly: boolean,
  ifNoneMatch: string | undefined,
): Promise<Reply> {
  const cache = { etag: `"${w.value.blob}"`, unique: w.unique, publicly, varies: false };
  const fresh = notModified(ifNoneMatch, cache);
  if (fresh) return fresh;
  const info = await ctx.tx.blobInfo(w.value.blob!);
  if (!info) throw notFound('The image data is missing.');
  const headers = imageHeaders({
    ...cache,
    contentType: w.value['content-type'] || 'application/octet-stream',
    length: info.size,
    filename: scaleFilename(w.value, w.field, null),
  });
  return send(ctx, w.value.blob!, info.size, cache.etag, headers, true);
}

/**
 * A stored blob as the reply: small ones read whole and kept for the fast
 * path (when the reply does not vary by Accept), large ones streamed.
 */
async function send(
  ctx: ServiceContext,
  blob: string,
  size: number,
  etag: string,
  headers: Record<string, string>,
  keep: boolean,
): Promise<Reply> {
  if (!keep || size > ctx.site.cache.maxEntryBytes)
    return { status: 200, stream: true, body: ctx.tx.openBlob(blob), headers };
  const chunks: Buffer[] = [];
  for await (const chunk of ctx.tx.openBlob(blob)) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks);
  keepBinary(ctx, '@images', await ctx.tx.lastTid(), { body, etag, headers });
  return { status: 200, stream: true, body, headers };
}

/** The imaging control panel's JPEG/WebP quality (Plone's default 88). */
function qualityOf(ctx: ServiceContext): number {
  const q = siteSetting(ctx.site, 'plone.quality');
  return typeof q === 'number' && q >= 1 && q <= 100 ? Math.round(q) : 88;
}
