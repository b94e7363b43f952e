// @vocabularies, @sources and @querysources.
// https://6.docs.plone.org/plone.restapi/docs/source/endpoints/vocabularies.html
import { type KeywordSource, NO_KEYWORDS } from '@tessera/core';
import type { ServiceRegistry } from '../registry.js';
import { getSource } from '../sources/get.js';
import { getQuerySource } from '../sources/query.js';
import { getVocabularies } from './get.js';

export interface VocabularyOptions {
  /**
   * Where plone.app.vocabularies.Keywords gets the site's Subject values
   * (the catalog's unique values); empty without one.
   */
  keywords?: KeywordSource;
}

export function registerVocabularies(services: ServiceRegistry, opts: VocabularyOptions = {}) {
  const keywords = opts.keywords ?? NO_KEYWORDS;
  // Each vocabulary also declares its own permission, checked in the handler.
  services.add({
    method: 'GET',
    name: '@vocabularies',
    permission: 'View',
    takesArgs: true,
    handler: (ctx) => getVocabularies(ctx, keywords),
  });
  services.add({
    method: 'GET',
    name: '@sources',
    permission: 'View',
    takesArgs: true,
    handler: (ctx) => getSource(ctx, keywords),
  });
  services.add({
    method: 'GET',
    name: '@querysources',
    permission: 'View',
    takesArgs: true,
    handler: (ctx) => getQuerySource(ctx, keywords),
  });
}
