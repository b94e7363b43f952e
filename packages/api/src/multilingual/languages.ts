// Whether a site is multilingual, and in which languages. plone.app.multilingual
// is an add-on a site installs; here the `multilingual` setting
// (TESSERA_MULTILINGUAL=en,de,…) switches it on, and the language control
// panel's `plone.available_languages` says which language roots the site
// keeps (docs/multilingual.md). A site with one language is not multilingual.
import { vocabularyTerm } from '@tessera/core';
import { siteSetting } from '../settings/index.js';
import type { Site } from '../site.js';

const LANGUAGE_VOCABULARY = 'plone.app.vocabularies.AvailableContentLanguages';

/** The site's languages, its default language first (the order of its language roots). */
export function siteLanguages(site: Site, available?: unknown): string[] {
  const list = available ?? siteSetting(site, 'plone.available_languages');
  const langs = Array.isArray(list) ? list.filter((l): l is string => typeof l === 'string') : [];
  const def = siteSetting(site, 'plone.default_language');
  const first = typeof def === 'string' && langs.includes(def) ? [def] : [];
  return [...new Set([...first, ...langs])];
}

/** Multilingual content is on: switched on, and more than one language available. */
export function isMultilingual(site: Site): boolean {
  return site.config.multilingual.length > 0 && siteLanguages(site).length > 1;
}

/** A language code the site knows (its language vocabulary). */
export function isKnownLanguage(code: string): boolean {
  return !!vocabularyTerm(LANGUAGE_VOCABULARY, code);
}

/** A language's own name ("Deutsch"), the title of its root folder. */
export function languageName(code: string): string {
  const term = vocabularyTerm(LANGUAGE_VOCABULARY, code);
  return typeof term?.title === 'string' ? term.title : code;
}
