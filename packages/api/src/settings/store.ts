// Reading and writing the 'registry' site setting from services. Writes
// re-read the stored values inside the request's transaction (writers are
// serialized), so two concurrent PATCHes of different records both land.
import {
  badRequest,
  type ContentRecord,
  type FieldError,
  type JsonValue,
  parseSettings,
  type ReadTx,
  type SettingsChange,
  TesseraError,
  updateContent,
  type WriteTx,
} from '@tessera/core';
import { languageRootsFor } from '../multilingual/language-roots.js';
import type { ServiceContext } from '../services/registry.js';
import { settingsVocabularies } from './index.js';

export const SITE_TITLE = 'plone.site_title';

/** @registry and @controlpanels live on the site root only (404 elsewhere, as in Plone). */
export function requireSiteRoot(ctx: ServiceContext, service: string) {
  if (ctx.content.parentUid !== null) {
    throw new TesseraError('NotFound', `Resource not found: ${ctx.urls.url(ctx.content.path)}/${service}`, {
      extra: { context: ctx.urls.siteUrl },
    });
  }
}

async function siteRoot(ctx: ServiceContext<ReadTx>): Promise<ContentRecord | undefined> {
  return ctx.content.parentUid === null ? ctx.content : ctx.tx.byPath('');
}

/** The stored values as services show them: the site title is the root's title. */
export async function currentSettings(ctx: ServiceContext<ReadTx>): Promise<Record<string, unknown>> {
  const root = await siteRoot(ctx);
  const title = root?.data.title;
  return typeof title === 'string' ? { ...ctx.site.settings, [SITE_TITLE]: title } : ctx.site.settings;
}

/** Stores validated values (by record name) in one write; retitles the root when the site title changes. */
export async function writeSettings(ctx: ServiceContext<WriteTx>, values: Record<string, JsonValue>) {
  if (Object.keys(values).length === 0) return;
  const stored = (await ctx.tx.getSetting<Record<string, unknown>>('registry')) ?? {};
  await ctx.tx.setSetting('registry', { ...stored, ...values });
  ctx.changedRegistry.settings = true;
  // A language added to a multilingual site gets its root folder in this write.
  for (const uid of await languageRootsFor(ctx.site, ctx.tx, values)) ctx.touched.add(uid);
  const title = values[SITE_TITLE];
  if (typeof title === 'string') {
    const root = await siteRoot(ctx);
    if (root && root.data.title !== title) {
      await updateContent({
        tx: ctx.tx,
        types: ctx.site.types,
        content: root,
        body: { title },
        mode: 'patch',
      });
      ctx.touched.add(root.uid);
    }
  }
}

/** The JSON body of a PATCH, which must be an object. */
export function objectBody(ctx: ServiceContext): Record<string, unknown> {
  const body = ctx.body;
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new TesseraError('BadRequest', 'The request body must be a JSON object.');
  return body as Record<string, unknown>;
}

/**
 * A PATCH of settings: every change validated (with the errors found before,
 * such as unknown names) and all errors reported in one 400, else all
 * written at once.
 */
export async function applySettings(
  ctx: ServiceContext<WriteTx>,
  changes: SettingsChange[],
  errors: FieldError[],
) {
  const parsed = parseSettings(changes, settingsVocabularies(ctx.site).deserialize);
  const all = [...errors, ...parsed.errors];
  if (all.length)
    throw badRequest(`Invalid input: ${all.map((e) => `${e.field}: ${e.message}`).join('; ')}`, all);
  await writeSettings(ctx, parsed.values);
}
