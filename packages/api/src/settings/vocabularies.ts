// The vocabularies the control panels' choice fields name. Several depend on
// the site (its types, its image scales, its editors), so they are resolved
// here, per request; the static ones come from core.
import {
  type DeserializeContext,
  ROLES,
  type SerializeContext,
  settingValue,
  type Term,
  vocabularyHas,
  vocabularyTerm,
  WORKFLOWS,
} from '@tessera/core';
import type { Site } from '../site.js';

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

const FORMATS: Array<[string, string]> = [
  ['text/html', 'HTML'],
  ['text/x-web-markdown', 'Markdown'],
  ['text/x-web-textile', 'Textile'],
  ['text/x-web-intelligent', 'Intelligent text'],
  ['text/plain', 'Plain text'],
  ['text/restructured', 'reStructuredText'],
];

let timezones: Term[] | undefined;
function timezoneTerms(): Term[] {
  if (!timezones) {
    const zones = new Set(['UTC', ...Intl.supportedValuesOf('timeZone')]);
    timezones = [...zones].map((z) => ({ token: z, title: z }));
  }
  return timezones;
}

const terms = (pairs: Array<[string, string]>): Term[] => pairs.map(([token, title]) => ({ token, title }));

/** Terms of a site-dependent vocabulary; undefined for names handled elsewhere (or not at all). */
function siteTerms(site: Site, name: string): Term[] | undefined {
  switch (name) {
    case 'plone.app.vocabularies.AvailableEditors': {
      const editors = settingValue(site.settings, 'plone.available_editors');
      return Array.isArray(editors)
        ? editors.filter((e): e is string => typeof e === 'string').map((e) => ({ token: e, title: e }))
        : [];
    }
    case 'plone.app.vocabularies.CommonTimezones':
    case 'plone.app.vocabularies.Timezones':
      return timezoneTerms();
    case 'plone.app.vocabularies.Weekdays':
      return WEEKDAYS.map((title, i) => ({ token: String(i), title }));
    case 'plone.app.vocabularies.PortalTypes':
      return site.types.all().map((t) => ({ token: t.def.id, title: t.def.title }));
    case 'plone.app.vocabularies.ReallyUserFriendlyTypes':
    case 'plone.app.vocabularies.UserFriendlyTypes':
      return site.types
        .all()
        .filter((t) => t.def.addable !== false)
        .map((t) => ({ token: t.def.id, title: t.def.title }));
    case 'plone.app.vocabularies.WorkflowStates': {
      const seen = new Map<string, Term>();
      for (const wf of Object.values(WORKFLOWS))
        for (const s of Object.values(wf.states))
          if (!seen.has(s.id)) seen.set(s.id, { token: s.id, title: s.title });
      return [...seen.values()];
    }
    case 'plone.app.vocabularies.ImagesScales': {
      const sizes = settingValue(site.settings, 'plone.allowed_sizes');
      const out: Term[] = [];
      for (const line of Array.isArray(sizes) ? sizes : []) {
        const m = typeof line === 'string' ? /^\s*([\w-]+)\s+(\d+):(\d+)\s*$/.exec(line) : null;
        if (m) out.push({ token: m[1]!, title: `${m[1]} (${m[2]}x${m[3]})` });
      }
      return out;
    }
    case 'plone.app.vocabularies.Roles':
      return ROLES.map((r) => ({ token: r, title: r }));
    case 'plone.app.vocabularies.AllowableContentTypes':
      return terms(FORMATS);
    default:
      return undefined;
  }
}

/** Vocabularies whose terms are suggestions: any token is accepted (see the editing panel). */
const OPEN = new Set(['plone.app.vocabularies.AvailableEditors']);

/** Validation and serialization hooks for settings values, bound to one site. */
export function settingsVocabularies(site: Site): {
  deserialize: DeserializeContext;
  serialize: Omit<SerializeContext, 'contentUrl' | 'fieldName'>;
} {
  const cache = new Map<string, Map<string, Term> | null>();
  const lookup = (name: string) => {
    let v = cache.get(name);
    if (v === undefined) {
      const list = siteTerms(site, name);
      v = list ? new Map(list.map((t) => [t.token, t])) : null;
      cache.set(name, v);
    }
    return v;
  };
  return {
    deserialize: {
      vocabularyHas(name, token) {
        if (OPEN.has(name)) return undefined;
        const v = lookup(name);
        return v ? v.has(token) : vocabularyHas(name, token);
      },
    },
    serialize: {
      vocabularyTerm(name, token) {
        const v = lookup(name);
        if (v) return v.get(token) ?? null;
        return vocabularyTerm(name, token) ?? null;
      },
    },
  };
}
