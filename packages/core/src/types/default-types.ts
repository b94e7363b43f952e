// Plone 6's default content types (plone.app.contenttypes and CMFPlone's
// Plone Site), with plone.app.discussion's allowdiscussion behavior appended
// as its installer does.
//
// Volto blocks: plone.restapi's recordings come from a site without
// plone.volto, so neither Document nor Plone Site has `volto.blocks` there.
// It is off by default to match them; defaultTypes({ volto: true }) enables it
// on Document and Plone Site as plone.volto does, and makes Document, News
// Item and Event folderish (any addable type inside, with the add-restrictions
// behavior), as plone.volto's Folderish* classes do: Volto editors build the
// site's tree out of pages. Folder stays addable (plone.volto hides it) so
// content and scripts written for the classic types keep working.
import { namedFile, text, textLine } from './field-schemas.js';
import type { TypeDef } from './model.js';

const LISTING_VIEWS = [
  'album_view',
  'event_listing',
  'full_view',
  'listing_view',
  'summary_view',
  'tabular_view',
];

const item = (
  def: Omit<TypeDef, 'folderish' | 'globalAllow' | 'allowedContentTypes' | 'fieldsets' | 'required'> &
    Partial<TypeDef>,
): TypeDef => ({
  folderish: false,
  globalAllow: true,
  allowedContentTypes: [],
  fieldsets: [],
  required: [],
  ...def,
});

// File and Image define title and description in their own model instead of plone.basic.
const fileTitle = () => textLine('Title', '', { maxLength: 1024 });
const fileDescription = () => text('Description', '', { maxLength: 10000 });

const TYPES: TypeDef[] = [
  item({
    id: 'Document',
    title: 'Page',
    description: '',
    behaviors: [
      'plone.namefromtitle',
      'plone.excludefromnavigation',
      'plone.shortname',
      'plone.dublincore',
      'plone.richtext',
      'plone.relateditems',
      'plone.versioning',
      'plone.tableofcontents',
      'plone.locking',
      'plone.allowdiscussion',
    ],
    fields: {},
    layouts: ['document_view'],
    defaultView: 'document_view',
  }),
  item({
    id: 'News Item',
    title: 'News Item',
    description: '',
    behaviors: [
      'plone.dublincore',
      'plone.richtext',
      'plone.namefromtitle',
      'plone.shortname',
      'plone.excludefromnavigation',
      'plone.relateditems',
      'plone.leadimage',
      'plone.versioning',
      'plone.locking',
      'plone.allowdiscussion',
    ],
    fields: {},
    layouts: ['newsitem_view'],
    defaultView: 'newsitem_view',
  }),
  item({
    id: 'Event',
    title: 'Event',
    description: 'Events can be shown in calendars.',
    behaviors: [
      'plone.textindexer',
      'plone.eventbasic',
      'plone.eventrecurrence',
      'plone.eventlocation',
      'plone.eventattendees',
      'plone.eventcontact',
      'plone.dublincore',
      'plone.namefromtitle',
      'plone.richtext',
      'plone.allowdiscussion',
      'plone.excludefromnavigation',
      'plone.shortname',
      'plone.relateditems',
      'plone.versioning',
      'plone.locking',
    ],
    fields: {},
    layouts: ['event_view'],
    defaultView: 'event_view',
  }),
  item({
    id: 'Link',
    title: 'Link',
    description: '',
    behaviors: [
      'plone.shortname',
      'plone.dublincore',
      'plone.namefromtitle',
      'plone.excludefromnavigation',
      'plone.versioning',
      'plone.allowdiscussion',
    ],
    fields: {
      remoteUrl: textLine(
        'URL',
        // biome-ignore lint/suspicious/noTemplateCurlyInString: Plone's link variables, not a template
        'The link is used almost verbatim, relative links become absolute and the strings "${navigation_root_url}" and "${portal_url}" get replaced with the real navigation_root_url or portal_url. If in doubt which one to use, please use navigation_root_url.',
        { default: 'http://' },
      ),
    },
    required: ['remoteUrl'],
    layouts: ['link_redirect_view'],
    defaultView: 'link_redirect_view',
  }),
  item({
    id: 'File',
    title: 'File',
    description: 'Lets you upload a file to the site.',
    behaviors: [
      'plone.categorization',
      'plone.publication',
      'plone.ownership',
      'plone.namefromfilename',
      'plone.shortname',
      'plone.excludefromnavigation',
      'plone.relateditems',
      'plone.allowdiscussion',
    ],
    fields: { title: fileTitle(), description: fileDescription(), file: namedFile('File', 'file', 'File') },
    required: ['file'],
    layouts: ['file_view'],
    defaultView: 'file_view',
  }),
  item({
    id: 'Image',
    title: 'Image',
    description: 'Images can be referenced in pages or displayed in an album.',
    behaviors: [
      'plone.categorization',
      'plone.publication',
      'plone.ownership',
      'plone.shortname',
      'plone.namefromfilename',
      'plone.excludefromnavigation',
      'plone.relateditems',
      'plone.allowdiscussion',
    ],
    fields: {
      title: fileTitle(),
      description: fileDescription(),
      image: namedFile('Image', 'image', 'Image'),
    },
    required: ['image'],
    layouts: ['image_view'],
    defaultView: 'image_view',
  }),
  item({
    id: 'Collection',
    title: 'Collection',
    description: '',
    behaviors: [
      'plone.namefromtitle',
      'plone.collection',
      'plone.shortname',
      'plone.excludefromnavigation',
      'plone.dublincore',
      'plone.richtext',
      'plone.relateditems',
      'plone.locking',
      'plone.allowdiscussion',
    ],
    fields: {},
    layouts: LISTING_VIEWS,
    defaultView: 'listing_view',
  }),
  item({
    id: 'Folder',
    title: 'Folder',
    description: '',
    folderish: true,
    allowedContentTypes: null,
    behaviors: [
      'plone.dublincore',
      'plone.namefromtitle',
      'plone.excludefromnavigation',
      'plone.shortname',
      'plone.constraintypes',
      'plone.relateditems',
      'plone.nextprevioustoggle',
      'plone.allowdiscussion',
    ],
    fields: {},
    layouts: LISTING_VIEWS,
    defaultView: 'listing_view',
  }),
  item({
    id: 'Plone Site',
    title: 'Plone Site',
    description: '',
    folderish: true,
    globalAllow: false,
    allowedContentTypes: null,
    addable: false,
    behaviors: [
      'plone.dublincore',
      'plone.richtext',
      'plone.relateditems',
      'plone.locking',
      'plone.excludefromnavigation',
      'plone.tableofcontents',
    ],
    fields: {},
    layouts: ['document_view', ...LISTING_VIEWS],
    defaultView: 'document_view',
  }),
];

/** Items plone.volto makes folderish (FolderishDocument, FolderishNewsItem, FolderishEvent). */
const VOLTO_FOLDERISH = new Set(['Document', 'News Item', 'Event']);

export interface DefaultTypesOptions {
  /** Enable Volto blocks (volto.blocks) on Document and Plone Site, as plone.volto does. */
  volto?: boolean;
}

/** The default types as fresh deep copies, safe to store and change. */
export function defaultTypes(options: DefaultTypesOptions = {}): TypeDef[] {
  const types = structuredClone(TYPES);
  if (options.volto) {
    for (const t of types) {
      if (t.id === 'Document' || t.id === 'Plone Site') t.behaviors.push('volto.blocks');
      if (VOLTO_FOLDERISH.has(t.id)) {
        t.folderish = true;
        t.allowedContentTypes = null;
        if (!t.behaviors.includes('plone.constraintypes')) t.behaviors.push('plone.constraintypes');
      }
    }
  }
  return types;
}
