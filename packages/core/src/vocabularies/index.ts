// Named vocabularies: the static ones the default types' fields point at.
// Dynamic ones (Keywords, Users, Catalog) come with the catalog and users.
// `@vocabularies/<name>` serves them; field serialization turns tokens into
// {token, title} terms with them.

export interface Term {
  token: string;
  title: string | null;
}

const LANGUAGES: Record<string, string> = {
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

const termsOf = (map: Record<string, string>): Term[] =>
  Object.entries(map).map(([token, title]) => ({ token, title }));

const STATIC: Record<string, Term[]> = {
  'plone.app.vocabularies.SupportedContentLanguages': termsOf(LANGUAGES),
  'plone.app.vocabularies.AvailableContentLanguages': termsOf(LANGUAGES),
  'plone.app.vocabularies.MetadataFields': termsOf(METADATA_FIELDS),
  'plone.app.vocabularies.WeekdaysShort': termsOf({
    '0': 'Mon',
    '1': 'Tue',
    '2': 'Wed',
    '3': 'Thu',
    '4': 'Fri',
    '5': 'Sat',
    '6': 'Sun',
  }),
};

const INDEX = new Map(
  Object.entries(STATIC).map(([name, terms]) => [name, new Map(terms.map((t) => [t.token, t]))]),
);

export function vocabularyTerms(name: string): Term[] | undefined {
  return STATIC[name];
}

/** The term for a token, null when the vocabulary lacks it, undefined when the vocabulary is not static. */
export function vocabularyTerm(name: string, token: string): Term | null | undefined {
  const vocab = INDEX.get(name);
  if (!vocab) return undefined;
  return vocab.get(token) ?? null;
}

export function vocabularyHas(name: string, token: string): boolean | undefined {
  const vocab = INDEX.get(name);
  return vocab ? vocab.has(token) : undefined;
}
