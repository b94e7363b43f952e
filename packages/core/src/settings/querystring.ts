// The query fields Volto's listing and search blocks offer
// (plone.app.querystring.field.<index>.*). The operations they name come with
// the catalog's @querystring; here they are plain registry records.
import { bool, sequence, text, textLine } from '../types/field-schemas.js';
import type { JsonValue } from '../types/model.js';
import type { RegistryRecord } from './model.js';

const DATE_OPS = [
  'date.lessThan',
  'date.largerThan',
  'date.between',
  'date.lessThanRelativeDate',
  'date.largerThanRelativeDate',
  'date.today',
  'date.beforeToday',
  'date.afterToday',
  'date.beforeRelativeDate',
  'date.afterRelativeDate',
];

interface QueryField {
  title: string;
  description: string;
  group: 'Metadata' | 'Dates' | 'Text';
  enabled: boolean;
  sortable: boolean;
  operations: string[];
  vocabulary?: string;
}

const date = (title: string, description: string): QueryField => ({
  title,
  description,
  group: 'Dates',
  enabled: true,
  sortable: true,
  operations: DATE_OPS,
});

/** Index name → what the query builder shows for it. */
const FIELDS: Record<string, QueryField> = {
  path: {
    title: 'Location',
    description: 'Where an item is in the site',
    group: 'Metadata',
    enabled: true,
    sortable: false,
    operations: ['string.absolutePath', 'string.path', 'string.relativePath'],
  },
  getId: {
    title: 'Short name (id)',
    description: 'The id of an item, as used in its URL',
    group: 'Metadata',
    enabled: true,
    sortable: true,
    operations: ['string.is', 'string.isNot'],
  },
  created: date('Creation date', 'When an item was created'),
  Creator: {
    title: 'Creator',
    description: 'Who created an item',
    group: 'Metadata',
    enabled: true,
    sortable: true,
    operations: ['string.currentUser', 'selection.any', 'selection.none'],
    vocabulary: 'plone.app.vocabularies.Users',
  },
  Description: {
    title: 'Description',
    description: 'Words in the description of an item',
    group: 'Text',
    enabled: true,
    sortable: false,
    operations: ['string.contains'],
  },
  effective: date('Effective date', 'When an item is published'),
  end: date('Event end date', 'When an event ends'),
  expires: date('Expiration date', 'When an item stops being published'),
  getObjPositionInParent: {
    title: 'Order in folder',
    description: 'The position of an item among its siblings',
    group: 'Metadata',
    enabled: false,
    sortable: true,
    operations: ['int.is', 'int.lessThan', 'int.largerThan'],
  },
  modified: date('Modification date', 'When an item was last changed'),
  portal_type: {
    title: 'Type',
    description: 'The content type of an item',
    group: 'Metadata',
    enabled: true,
    sortable: false,
    operations: ['selection.any', 'selection.none'],
    vocabulary: 'plone.app.vocabularies.ReallyUserFriendlyTypes',
  },
  review_state: {
    title: 'Review state',
    description: 'The workflow state of an item',
    group: 'Metadata',
    enabled: true,
    sortable: true,
    operations: ['selection.any', 'selection.none'],
    vocabulary: 'plone.app.vocabularies.WorkflowStates',
  },
  SearchableText: {
    title: 'Searchable text',
    description: 'Words anywhere in the text of an item',
    group: 'Text',
    enabled: true,
    sortable: false,
    operations: ['string.contains'],
  },
  sortable_title: {
    title: 'Sortable Title',
    description: 'The title as it is sorted',
    group: 'Text',
    enabled: false,
    sortable: true,
    operations: ['string.contains', 'string.is', 'string.isNot'],
  },
  start: date('Event start date', 'When an event starts'),
  Subject: {
    title: 'Tag',
    description: 'The tags of an item',
    group: 'Text',
    enabled: true,
    sortable: false,
    operations: ['selection.any', 'selection.all', 'selection.none'],
    vocabulary: 'plone.app.vocabularies.Keywords',
  },
  Title: {
    title: 'Title',
    description: 'Words in the title of an item',
    group: 'Text',
    enabled: true,
    sortable: false,
    operations: ['string.contains'],
  },
};

const PREFIX = 'plone.app.querystring';

export function querystringRecords(): RegistryRecord[] {
  const out: RegistryRecord[] = [];
  for (const [index, f] of Object.entries(FIELDS)) {
    const name = (key: string) => `${PREFIX}.field.${index}.${key}`;
    // Plone sets these records up with values; the fields themselves have no default
    // (but fetch_vocabulary, which defaults to true).
    const add = (key: string, schema: RegistryRecord['schema'], value: JsonValue, required = true) =>
      out.push({ name: name(key), schema, required, initial: value });
    add('title', textLine('Title'), f.title);
    add('description', text('Description'), f.description);
    add('enabled', bool('Enabled'), f.enabled);
    add('sortable', bool('Sortable'), f.sortable);
    add('fetch_vocabulary', bool('Fetch vocabulary', '', { default: true }), true);
    add(
      'operations',
      sequence('List', 'Operations', '', textLine('Operation ID')),
      f.operations.map((op) => `${PREFIX}.operation.${op}`),
    );
    add('vocabulary', textLine('Vocabulary'), f.vocabulary ?? null, false);
    add('group', textLine('Group'), f.group);
  }
  return out;
}
