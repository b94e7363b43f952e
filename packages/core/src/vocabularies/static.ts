// Vocabularies that are the same on every site and every object: languages,
// metadata columns, weekday and month names, the add-field factories and the
// behaviors. Field serialization looks tokens up in these synchronously.
import { defaultBehaviors } from '../types/behaviors.js';
import { fieldFactoryTerms } from '../types/ttw-factories.js';
import { termsOf } from './filter.js';
import type { Term } from './model.js';

export const LANGUAGES: Record<string, string> = {
  en: 'English',
  de: 'Deutsch',
  es: 'Español',
  fr: 'Français',
  it: 'Italiano',
  nl: 'Nederlands',
  pt: 'Português',
  ca: 'Català',
  eu: 'Euskara',
  fi: 'Suomi',
  sv: 'Svenska',
  da: 'Dansk',
  nb: 'Norsk bokmål',
  pl: 'Polski',
  cs: 'Čeština',
  ja: '日本語',
  zh: '中文',
};

const METADATA_FIELDS: Record<string, string> = {
  CreationDate: 'Created on',
  Creator: 'Creator',
  Description: 'Description',
  EffectiveDate: 'Effective date',
  end: 'End Date',
  ExpirationDate: 'Expiration date',
  getId: 'Short name',
  getObjSize: 'Size',
  getRemoteUrl: 'Remote URL',
  location: 'Location',
  ModificationDate: 'Last modified',
  review_state: 'Review state',
  start: 'Start Date',
  Subject: 'Tags',
  Title: 'Title',
  Type: 'Type',
  UID: 'UID',
};

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** Tokens "0", "1", … as Plone's date vocabularies number them (Monday / January first). */
const numbered = (titles: string[], cut?: number): Term[] =>
  titles.map((t, i) => ({ token: String(i), title: cut ? t.slice(0, cut) : t }));

// Behavior titles, for the dexterity-types panel's Behaviors vocabulary.
function behaviorTerms(): Term[] {
  return [...defaultBehaviors().values()]
    .map((b) => ({ token: b.name, title: b.title ?? b.name }))
    .sort((a, b) => (a.token < b.token ? -1 : a.token > b.token ? 1 : 0));
}

export const STATIC: Record<string, Term[]> = {
  'plone.app.vocabularies.SupportedContentLanguages': termsOf(LANGUAGES),
  'plone.app.vocabularies.AvailableContentLanguages': termsOf(LANGUAGES),
  'plone.app.vocabularies.MetadataFields': termsOf(METADATA_FIELDS),
  'plone.app.vocabularies.Weekdays': numbered(WEEKDAYS),
  'plone.app.vocabularies.WeekdaysAbbr': numbered(WEEKDAYS, 3),
  'plone.app.vocabularies.WeekdaysShort': numbered(WEEKDAYS, 2),
  'plone.app.vocabularies.Month': numbered(MONTHS),
  'plone.app.vocabularies.MonthAbbr': numbered(MONTHS, 3),
  Fields: fieldFactoryTerms(),
  Behaviors: behaviorTerms(),
};
