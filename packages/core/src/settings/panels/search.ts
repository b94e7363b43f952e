// Search: live search, excluded types and how results are shown.
import { bool, choice, inlineChoice, integer, sequence } from '../../types/field-schemas.js';
import type { ControlPanelDef } from '../model.js';

export const searchPanel: ControlPanelDef = {
  id: 'search',
  title: 'Search',
  group: 'General',
  permission: 'Plone Site Setup: Search',
  prefix: 'plone',
  fields: {
    enable_livesearch: bool('Enable LiveSearch', 'Show results while the visitor types.', { default: true }),
    types_not_searched: sequence(
      'Tuple',
      'Select content types which should be excluded from search results',
      'Content of these types never appears in search results.',
      choice('', '', 'plone.app.vocabularies.PortalTypes'),
      { default: ['Plone Site'] },
    ),
    search_results_description_length: integer(
      'Crop the item description in search result listings after a number of characters.',
      '',
      { default: 160 },
    ),
    sort_on: inlineChoice(
      'sort_on',
      'Sort on',
      'The order of search results by default.',
      [
        ['relevance', 'relevance'],
        ['Date', 'date (newest first)'],
        ['sortable_title', 'alphabetically'],
      ],
      { default: 'relevance' },
    ),
    search_show_images: bool('Show images in results', '', { default: true }),
    search_image_scale: choice('Image scale for results', '', 'plone.app.vocabularies.ImagesScales', {
      default: 'mini',
    }),
  },
  required: ['sort_on'],
};
