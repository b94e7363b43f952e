// What POST (content creation) does on a multilingual site: new content
// takes its container's language unless the body names one (PAM sets a new
// object's language from its parent), and `translation_of` (a UID, path or
// URL, with `language`) links the new object into that object's translation
// group, as plone.restapi's FolderPost does. `translation_of` is never a field.
import type { ContentRecord, WriteTx } from '@tessera/core';
import type { ServiceContext } from '../services/registry.js';
import { isMultilingual } from './languages.js';
import { linkTranslation, requireModify, resolveContent } from './translations.js';

export interface PreparedCreate {
  body: unknown;
  translationOf?: unknown;
}

export function prepareCreate(ctx: ServiceContext<WriteTx>, input: unknown): PreparedCreate {
  if (!input || typeof input !== 'object' || Array.isArray(input)) return { body: input };
  const { translation_of: translationOf, ...body } = input as Record<string, unknown>;
  if (!isMultilingual(ctx.site)) return { body };
  const parentLanguage = ctx.content.data.language;
  if (
    body.language === undefined &&
    ctx.content.parentUid !== null &&
    typeof parentLanguage === 'string' &&
    parentLanguage !== ''
  )
    body.language = parentLanguage;
  return { body, translationOf };
}

/** Links the new object to `translation_of`'s group; returns the uids whose serialization changed. */
export async function linkOnCreate(
  ctx: ServiceContext<WriteTx>,
  created: ContentRecord,
  prepared: PreparedCreate,
): Promise<string[]> {
  const ref = prepared.translationOf;
  if (ref === undefined || ref === null || ref === '' || !isMultilingual(ctx.site)) return [];
  const source = await resolveContent(ctx.tx, ref, {
    siteUrl: ctx.urls.siteUrl,
    mount: ctx.site.config.sitePath,
  });
  // plone.restapi links only when the source exists (and skips silently otherwise).
  if (!source || source.parentUid === null) return [];
  requireModify(ctx.principal, source);
  return linkTranslation(ctx.tx, source, created);
}
