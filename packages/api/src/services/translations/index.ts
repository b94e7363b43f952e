// @translations (GET, POST to link, DELETE to unlink) and @translation-locator
// on multilingual sites, as plone.restapi offers them with plone.app.multilingual.
// https://6.docs.plone.org/plone.restapi/docs/source/endpoints/translations.html
import { badRequest, type ReadTx, TesseraError, type WriteTx } from '@tessera/core';
import { translatable, translationsBody } from '../../expanders/translations.js';
import { isKnownLanguage } from '../../multilingual/languages.js';
import { locateTranslation } from '../../multilingual/locator.js';
import {
  linkTranslation,
  requireModify,
  resolveContent,
  unlinkTranslation,
} from '../../multilingual/translations.js';
import { LRF } from '../../multilingual/types.js';
import { rawQueryOf } from '../content/serialize.js';
import type { ServiceContext, ServiceRegistry } from '../registry.js';

/** Only translatable objects of a multilingual site have these services (404 elsewhere, as in Plone). */
function requireTranslatable(ctx: ServiceContext<ReadTx>, service: string) {
  if (!translatable(ctx, ctx.content))
    throw new TesseraError('NotFound', `Resource not found: ${ctx.urls.url(ctx.content.path)}/${service}`);
}

function jsonObject(ctx: ServiceContext): Record<string, unknown> {
  const body = ctx.body;
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw badRequest('The request body must be a JSON object.');
  return body as Record<string, unknown>;
}

export function registerTranslations(services: ServiceRegistry) {
  services.add({
    method: 'GET',
    name: '@translations',
    permission: 'View',
    cacheable: true,
    async handler(ctx) {
      requireTranslatable(ctx, '@translations');
      const { body, deps } = await translationsBody(
        { ...ctx, query: { ...ctx.query }, rawQuery: rawQueryOf(ctx) },
        ctx.content,
      );
      return { body, deps };
    },
  });

  services.add<WriteTx>({
    method: 'POST',
    name: '@translations',
    permission: 'Modify portal content',
    async handler(ctx) {
      requireTranslatable(ctx, '@translations');
      const { id } = jsonObject(ctx);
      if (id === undefined || id === null || id === '') throw badRequest('Missing content id to link to');
      const target = await resolveContent(ctx.tx, id, {
        siteUrl: ctx.urls.siteUrl,
        mount: ctx.site.config.sitePath,
      });
      if (!target) throw badRequest('Content does not exist');
      if (target.parentUid === null) throw badRequest('The site root cannot be linked as a translation.');
      if (target.type === LRF || ctx.content.type === LRF)
        throw badRequest('Language Root Folders can only be linked between each other');
      requireModify(ctx.principal, target);
      for (const uid of await linkTranslation(ctx.tx, ctx.content, target)) ctx.touched.add(uid);
      await ctx.tx.setTransactionNote(`Linked translation ${ctx.content.path} -> ${target.path}`);
      return { status: 201, body: {}, headers: { Location: ctx.urls.url(ctx.content.path) } };
    },
  });

  services.add<WriteTx>({
    method: 'DELETE',
    name: '@translations',
    permission: 'Modify portal content',
    async handler(ctx) {
      requireTranslatable(ctx, '@translations');
      const { language } = jsonObject(ctx);
      if (typeof language !== 'string' || language === '')
        throw badRequest('You need to provide the language to unlink');
      if (!isKnownLanguage(language)) throw badRequest('Unknown language.');
      for (const uid of await unlinkTranslation(ctx.tx, ctx.content, language)) ctx.touched.add(uid);
      await ctx.tx.setTransactionNote(`Unlinked translation for ${language} in ${ctx.content.path}`);
      return { status: 204 };
    },
  });

  services.add({
    method: 'GET',
    name: '@translation-locator',
    // PAM guards it with its ManageTranslations permission, which editors have.
    permission: 'Modify portal content',
    async handler(ctx) {
      requireTranslatable(ctx, '@translation-locator');
      const lang = ctx.query.target_language;
      if (typeof lang !== 'string' || lang === '')
        throw badRequest('The target_language parameter is required.');
      if (!isKnownLanguage(lang)) throw badRequest(`Unknown language: ${lang}`);
      const parent = await locateTranslation(ctx.tx, ctx.content, lang);
      return { body: { '@id': ctx.urls.url(parent.path) } };
    },
  });
}
