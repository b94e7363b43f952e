// The two content types plone.app.multilingual installs, as data: the
// language root folder (LRF: one per language at the site root, a navigation
// root carrying its language) and the language independent folder (LIF: the
// "assets" folder in each root). Neither is offered for adding: the site
// creates them (language-roots.ts). Installed only on multilingual sites, so
// a plain site's @types and vocabularies stay as plone.restapi records them.
import type { TypeDef } from '@tessera/core';

export const LRF = 'LRF';
export const LIF = 'LIF';

const folder = (id: string, title: string, behaviors: string[]): TypeDef => ({
  id,
  title,
  description: '',
  folderish: true,
  globalAllow: false,
  addable: false,
  allowedContentTypes: null,
  behaviors,
  fields: {},
  fieldsets: [],
  required: [],
  layouts: ['folder_listing', 'listing_view', 'summary_view', 'tabular_view'],
  defaultView: 'folder_listing',
});

export function multilingualTypes(): TypeDef[] {
  return [
    folder(LRF, 'Language Root Folder', [
      'plone.dublincore',
      'plone.excludefromnavigation',
      'plone.navigationroot',
      'plone.constraintypes',
      'plone.locking',
    ]),
    folder(LIF, 'Language Independent Folder', [
      'plone.dublincore',
      'plone.excludefromnavigation',
      'plone.constraintypes',
      'plone.locking',
    ]),
  ];
}
