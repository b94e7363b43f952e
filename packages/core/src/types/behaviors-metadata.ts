// Metadata and settings behaviors from plone.app.dexterity & co. Dublin Core
// is Plone's union of four behaviors: basic (title, description, main
// fieldset), categorization, publication ("dates") and ownership.
import {
  bool,
  choice,
  datetime,
  inlineChoice,
  lines,
  relationChoice,
  relationList,
  text,
  textLine,
} from './field-schemas.js';
import type { BehaviorDef, FieldsetDef } from './model.js';

const CATEGORIZATION: FieldsetDef = { id: 'categorization', title: 'Categorization', fields: [] };
const DATES: FieldsetDef = { id: 'dates', title: 'Dates', fields: [] };
const OWNERSHIP: FieldsetDef = { id: 'ownership', title: 'Ownership', fields: [] };
const SETTINGS: FieldsetDef = { id: 'settings', title: 'Settings', fields: [] };

const fs = (base: FieldsetDef, fields: string[]): FieldsetDef => ({ ...base, fields });

export const basic: BehaviorDef = {
  name: 'plone.basic',
  title: 'Basic metadata',
  description: 'Adds title and description fields.',
  fields: {
    title: textLine('Title'),
    description: text('Summary', 'Used in item listings and search results.'),
  },
  fieldsets: [],
  required: ['title'],
  // order_before('*') in plone.app.dexterity: title and description lead every form.
  placement: { title: 'first', description: 'first' },
  initial: { description: '' },
};

export const categorization: BehaviorDef = {
  name: 'plone.categorization',
  title: 'Categorization',
  description: 'Adds keywords and language fields.',
  fields: {
    subjects: lines(
      'Tags',
      'Tags are commonly used for ad-hoc organization of content.',
      'plone.app.vocabularies.Keywords',
    ),
    // The default is the site language (a default factory in Plone); new
    // objects nevertheless start with "" as Plone's content classes do.
    language: choice('Language', '', 'plone.app.vocabularies.SupportedContentLanguages', { default: 'en' }),
  },
  fieldsets: [fs(CATEGORIZATION, ['subjects', 'language'])],
  initial: { subjects: [], language: '' },
};

export const publication: BehaviorDef = {
  name: 'plone.publication',
  title: 'Date range',
  description: 'Adds effective date and expiration date fields.',
  fields: {
    effective: datetime(
      'Publishing Date',
      'If this date is in the future, the content will not show up in listings and searches until this date.',
    ),
    expires: datetime(
      'Expiration Date',
      'When this date is reached, the content will no longer be visible in listings and searches.',
    ),
  },
  fieldsets: [fs(DATES, ['effective', 'expires'])],
  invariants: [
    {
      kind: 'ordered',
      first: 'effective',
      second: 'expires',
      message: 'Expiration date must be after publishing date.',
    },
  ],
};

export const ownership: BehaviorDef = {
  name: 'plone.ownership',
  title: 'Ownership',
  description: 'Adds creator, contributor, and rights fields.',
  fields: {
    creators: lines(
      'Creators',
      'Persons responsible for creating the content of this item. Please enter a list of user names, one per line. The principal creator should come first.',
      'plone.app.vocabularies.Users',
    ),
    contributors: lines(
      'Contributors',
      'The names of people that have contributed to this item. Each contributor should be on a separate line.',
      'plone.app.vocabularies.Users',
    ),
    rights: text('Rights', 'Copyright statement or other rights information on this item.'),
  },
  fieldsets: [fs(OWNERSHIP, ['creators', 'contributors', 'rights'])],
  initial: { creators: [], contributors: [], rights: '' },
};

/** plone.dublincore = basic + categorization + publication + ownership, in that field order. */
export const dublinCore: BehaviorDef = {
  name: 'plone.dublincore',
  title: 'Dublin Core metadata',
  description:
    'Adds standard metadata fields (equals Basic metadata + Categorization + Effective range + Ownership)',
  fields: { ...basic.fields, ...categorization.fields, ...publication.fields, ...ownership.fields },
  fieldsets: [...categorization.fieldsets, ...publication.fieldsets, ...ownership.fieldsets],
  required: ['title'],
  placement: { ...basic.placement },
  initial: { ...basic.initial, ...categorization.initial, ...ownership.initial },
  invariants: publication.invariants,
};

export const shortName: BehaviorDef = {
  name: 'plone.shortname',
  title: 'Short name',
  description: 'Gives the ability to rename an item from its edit form.',
  fields: { id: textLine('Short name', 'This name will be displayed in the URL.') },
  fieldsets: [fs(SETTINGS, ['id'])],
};

export const excludeFromNavigation: BehaviorDef = {
  name: 'plone.excludefromnavigation',
  title: 'Exclude From navigation',
  description: 'Allow items to be excluded from navigation',
  fields: {
    exclude_from_nav: bool(
      'Exclude from navigation',
      'If selected, this item will not appear in the navigation tree',
      { default: false },
    ),
  },
  fieldsets: [fs(SETTINGS, ['exclude_from_nav'])],
};

export const allowDiscussion: BehaviorDef = {
  name: 'plone.allowdiscussion',
  title: 'Allow discussion',
  description: 'Allow discussion on this item',
  // plone.restapi names the schema interface here, not the behavior.
  emitAs: 'plone.app.discussion.behavior.IAllowDiscussion',
  fields: {
    allow_discussion: inlineChoice(
      'allow_discussion',
      'Allow discussion',
      'Allow discussion for this content object.',
      [
        ['True', 'Yes'],
        ['False', 'No'],
      ],
    ),
  },
  fieldsets: [fs(SETTINGS, ['allow_discussion'])],
};

export const relatedItems: BehaviorDef = {
  name: 'plone.relateditems',
  title: 'Related items',
  description: 'Adds the ability to assign related items',
  fields: {
    relatedItems: relationList('Related Items', '', {
      items: relationChoice('Related'),
      widgetOptions: {
        pattern_options: { recentlyUsed: true },
        vocabulary: { '@id': '@vocabularies/plone.app.vocabularies.Catalog' },
      },
    }),
  },
  fieldsets: [fs(CATEGORIZATION, ['relatedItems'])],
};

export const versioning: BehaviorDef = {
  name: 'plone.versioning',
  title: 'Versioning',
  description: 'Versioning support with CMFEditions',
  fields: {
    changeNote: textLine('Change Note', 'Enter a comment that describes the changes you made.'),
    versioning_enabled: bool('Versioning enabled', 'Enable/disable versioning for this document.', {
      default: true,
    }),
  },
  fieldsets: [fs(SETTINGS, ['versioning_enabled'])],
  placement: { changeNote: 'last' },
  // The note describes one edit; it goes to the version history and reads back as "".
  transient: ['changeNote'],
  initial: { changeNote: '' },
};

export const nextPreviousToggle: BehaviorDef = {
  name: 'plone.nextprevioustoggle',
  title: 'Next previous navigation toggle',
  description: 'Allow items to have next previous navigation enabled',
  fields: {
    nextPreviousEnabled: bool(
      'Enable next previous navigation',
      'This enables next/previous widget on content items contained in this folder.',
      { default: false },
    ),
  },
  fieldsets: [fs(SETTINGS, ['nextPreviousEnabled'])],
};

/** Behaviors without fields: they switch features on (name from title, locking…). */
const marker = (name: string, title: string, description: string): BehaviorDef => ({
  name,
  title,
  description,
  fields: {},
  fieldsets: [],
});

export const markers: BehaviorDef[] = [
  marker(
    'plone.namefromtitle',
    'Name from title',
    'Automatically generate short URL name for content based on its initial title',
  ),
  marker(
    'plone.namefromfilename',
    'Name from file name',
    'Automatically generate short URL name for content based on its primary field file name',
  ),
  marker('plone.locking', 'Locking', 'Locking support for dexterity'),
  marker(
    'plone.constraintypes',
    'Folder Addable Constrains',
    'Restrict the content types that can be added to folderish content',
  ),
  marker('plone.navigationroot', 'Navigation root', 'Make all items of this type a navigation root'),
  marker(
    'plone.nextpreviousenabled',
    'Next previous navigation',
    'Enable next previous navigation for all items of this type',
  ),
  marker(
    'plone.textindexer',
    'Full-Text Indexing',
    "Enables the enhanced full-text indexing for a content type ('plone.textindexer'). If a field is marked 'searchable', its content gets added to the 'SearchableText' index in the catalog.",
  ),
  marker('plone.translatable', 'Multilingual Support', 'Make this content type multilingual aware'),
];
