// Content behaviors from plone.app.contenttypes and plone.restapi (Volto blocks).
import {
  bool,
  choice,
  integer,
  jsonField,
  namedFile,
  richText,
  sequence,
  textLine,
} from './field-schemas.js';
import type { BehaviorDef, FieldSchema } from './model.js';

const SETTINGS = { id: 'settings', title: 'Settings' };

export const richTextBehavior: BehaviorDef = {
  name: 'plone.richtext',
  title: 'RichText',
  description: 'Adds richtext behavior',
  fields: { text: richText('Text') },
  fieldsets: [],
};

export const tableOfContents: BehaviorDef = {
  name: 'plone.tableofcontents',
  title: 'Table of contents',
  description: 'Adds a table of contents',
  fields: {
    table_of_contents: bool(
      'Table of contents',
      'If selected, this will show a table of contents at the top of the page.',
    ),
  },
  fieldsets: [{ ...SETTINGS, fields: ['table_of_contents'] }],
};

export const leadImage: BehaviorDef = {
  name: 'plone.leadimage',
  title: 'Lead Image',
  description: 'Adds image and image caption fields',
  fields: {
    image: namedFile('Image', 'image', 'Lead Image'),
    image_caption: textLine('Lead Image Caption'),
  },
  fieldsets: [],
};

// The query is a list of {i, o, v} criteria (index, operation, value).
const queryCriterion: FieldSchema = { type: 'dict', title: '', description: '' };

export const collection: BehaviorDef = {
  name: 'plone.collection',
  title: 'Collection',
  description: 'Adds collection behavior',
  fields: {
    query: sequence(
      'List',
      'Search terms',
      'Define the search terms for the items you want to list by choosing what to match on. The list of results will be dynamically updated',
      queryCriterion,
    ),
    sort_on: textLine('Sort on', 'Sort the collection on this index'),
    sort_reversed: bool('Reversed order', 'Sort the results in reversed order'),
    limit: integer('Limit', 'Limit Search Results', { default: 1000, minimum: 1 }),
    item_count: integer('Item count', 'Number of items that will show up in one batch.', {
      default: 30,
      minimum: 1,
    }),
    customViewFields: sequence(
      'List',
      'Table Columns',
      "Select which fields to display when 'Tabular view' is selected in the display menu.",
      choice('', '', 'plone.app.vocabularies.MetadataFields'),
      { default: ['Title', 'Creator', 'Type', 'ModificationDate'] },
    ),
  },
  fieldsets: [],
};

const scaleHelp =
  "Enter a valid scale name (see 'Image Handling' control panel) to override (e.g. icon, tile, thumb, mini, preview, ... ). Leave empty to use default (see 'Site' control panel).";

export const thumbIcon: BehaviorDef = {
  name: 'plone.thumb_icon',
  title: 'Thumbs and icon handling',
  description: 'Options to suppress thumbs and/or icons and to override thumb size in listings, tables etc.',
  fields: {
    thumb_scale_list: textLine('Override thumb scale for list view', scaleHelp, { default: '' }),
    thumb_scale_table: textLine('Override thumb scale for table view', scaleHelp, { default: '' }),
    thumb_scale_summary: textLine('Override thumb scale for summary view', scaleHelp, { default: '' }),
    suppress_icons: bool('Suppress icons in list, table or summary view', '', { default: false }),
    suppress_thumbs: bool('Suppress thumbs in list, table or summary view', '', { default: false }),
  },
  fieldsets: [
    {
      ...SETTINGS,
      fields: [
        'thumb_scale_list',
        'thumb_scale_table',
        'thumb_scale_summary',
        'suppress_icons',
        'suppress_thumbs',
      ],
    },
  ],
};

const blocksFields = {
  blocks: jsonField(
    'Blocks',
    'The JSON representation of the object blocks information. Must be a JSON object.',
    {
      default: {},
    },
  ),
  blocks_layout: jsonField(
    'Blocks Layout',
    'The JSON representation of the object blocks layout. Must be a JSON array.',
    { default: { items: [] } },
  ),
};

export const voltoBlocks: BehaviorDef = {
  name: 'volto.blocks',
  title: 'Blocks',
  description: 'Enables Volto Blocks support',
  fields: blocksFields,
  fieldsets: [{ id: 'layout', title: 'Layout', fields: ['blocks', 'blocks_layout'] }],
};

export const voltoBlocksEditableLayout: BehaviorDef = {
  ...voltoBlocks,
  name: 'volto.blocks.editable.layout',
  title: 'Blocks (Editable Layout)',
  description: 'Enables Volto Blocks (editable layout) support',
};
