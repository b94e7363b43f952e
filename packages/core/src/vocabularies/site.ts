// Vocabularies that follow the site's settings (languages, editors, image
// scales, markup formats, time zones) and Keywords, whose data the catalog
// owns (see KeywordSource).
import { settingValue } from '../settings/values.js';
import { sortByTitle } from './filter.js';
import type { Term, Vocabulary, VocabularyEnv } from './model.js';
import { LANGUAGES } from './static.js';

const strings = (env: VocabularyEnv, name: string): string[] => {
  const v = settingValue(env.settings, name);
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
};

const FORMATS: Term[] = [
  { token: 'text/html', title: 'HTML' },
  { token: 'text/x-web-markdown', title: 'Markdown' },
  { token: 'text/x-web-textile', title: 'Textile' },
  { token: 'text/x-web-intelligent', title: 'Intelligent text' },
  { token: 'text/plain', title: 'Plain text' },
  { token: 'text/restructured', title: 'reStructuredText' },
];

let zones: Term[] | undefined;
function timezones(): Term[] {
  zones ??= [...new Set(['UTC', ...Intl.supportedValuesOf('timeZone')])].map((z) => ({ token: z, title: z }));
  return zones;
}

function imageScales(env: VocabularyEnv): Term[] {
  const out: Term[] = [];
  for (const line of strings(env, 'plone.allowed_sizes')) {
    const m = /^\s*([\w-]+)\s+(\d+):(\d+)\s*$/.exec(line);
    if (m) out.push({ token: m[1]!, title: `${m[1]} (${m[2]}x${m[3]})` });
  }
  return out;
}

export const siteVocabularies: Vocabulary[] = [
  {
    // The languages the language panel offers for content.
    name: 'plone.app.vocabularies.SupportedContentLanguages',
    permission: 'View',
    terms: (env) =>
      strings(env, 'plone.available_languages').map((l) => ({ token: l, title: LANGUAGES[l] ?? l })),
  },
  {
    name: 'plone.app.vocabularies.AvailableEditors',
    permission: 'View',
    terms: (env) => strings(env, 'plone.available_editors').map((e) => ({ token: e, title: e })),
  },
  { name: 'plone.app.vocabularies.ImagesScales', permission: 'View', terms: imageScales },
  { name: 'plone.app.vocabularies.AllowableContentTypes', permission: 'View', terms: () => FORMATS },
  { name: 'plone.app.vocabularies.Timezones', permission: 'View', terms: timezones },
  { name: 'plone.app.vocabularies.CommonTimezones', permission: 'View', terms: timezones },
  {
    // Subject values are free text: the token is the value itself. Plone
    // protects the vocabulary with "Modify portal content" (editors tag).
    name: 'plone.app.vocabularies.Keywords',
    permission: 'Modify portal content',
    queryable: true,
    async terms(env, f) {
      const values = await env.keywords.keywords(env.tx, f);
      return sortByTitle(values.map((v) => ({ token: v, title: v })));
    },
  },
];
