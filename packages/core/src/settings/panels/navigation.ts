// Navigation: the tabs, the navigation tree and the site map.
import { bool, choice, inlineChoice, integer, sequence, textLine } from '../../types/field-schemas.js';
import type { ControlPanelDef } from '../model.js';

export const navigationPanel: ControlPanelDef = {
  id: 'navigation',
  title: 'Navigation',
  group: 'General',
  permission: 'Plone Site Setup: Navigation',
  prefix: 'plone',
  fields: {
    navigation_depth: integer('Navigation depth', 'How many folder levels the navigation shows.', {
      default: 3,
    }),
    generate_tabs: bool('Automatically generate tabs', 'Items at the top level of the site become tabs.', {
      default: true,
    }),
    nonfolderish_tabs: bool(
      'Generate tabs for items other than folders.',
      'When tabs are generated, pages and other non-folders get tabs too.',
      { default: true },
    ),
    sort_tabs_on: inlineChoice(
      'sort_tabs_on',
      'Sort tabs on',
      'The index the tabs are sorted by.',
      [
        ['getObjPositionInParent', 'Position in Parent'],
        ['sortable_title', 'Title'],
        ['getId', 'Short Name (ID)'],
      ],
      { default: 'getObjPositionInParent' },
    ),
    sort_tabs_reversed: bool('Reversed sort order for tabs.', 'Sort the tabs in descending order.', {
      default: false,
    }),
    displayed_types: sequence(
      'Tuple',
      'Displayed content types',
      'Content types shown in the navigation and the site map.',
      choice('', '', 'plone.app.vocabularies.ReallyUserFriendlyTypes'),
      { default: ['Link', 'News Item', 'Folder', 'Document', 'Event', 'Collection'] },
    ),
    filter_on_workflow: bool(
      'Filter on workflow state',
      'Show only items in the workflow states selected below.',
      { default: false },
    ),
    workflow_states_to_show: sequence(
      'Tuple',
      '',
      '',
      choice('', '', 'plone.app.vocabularies.WorkflowStates'),
      { default: [] },
    ),
    show_excluded_items: bool(
      'Show items normally excluded from navigation if viewing their children.',
      'Keep an excluded item in the navigation while the visitor is inside it.',
      { default: false },
    ),
    root: textLine('Root', "Path of the navigation root, relative to the site root; starts with '/'.", {
      default: '/',
    }),
    sitemap_depth: integer('Sitemap depth', 'How many folder levels the site map shows.', { default: 3 }),
    parent_types_not_to_query: sequence(
      'List',
      'Hide children of these types',
      'Items inside content of these types are left out of the navigation.',
      textLine(''),
      { default: ['TempFolder'] },
    ),
  },
  required: ['navigation_depth', 'sort_tabs_on', 'root', 'sitemap_depth'],
  constraints: {
    root: (v) => (typeof v === 'string' && !v.startsWith('/') ? "The root must start with '/'." : null),
  },
};
