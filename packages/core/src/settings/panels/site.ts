// Site: title, logo, favicon, integrations, listing thumbnails, robots.txt.
// The site title is the site root's title: reading the record gives the
// root's title, writing it retitles the root (see the services).
import { bool, choice, inlineChoice, sequence, text, textLine } from '../../types/field-schemas.js';
import type { FieldSchema } from '../../types/model.js';
import type { ControlPanelDef } from '../model.js';
import { siteFile } from '../site-files.js';

export const DEFAULT_ROBOTS_TXT =
  'Sitemap: {portal_url}/sitemap.xml.gz\n\n# Allow robots everywhere anonymous users may go.\nUser-agent: *\nDisallow:\n';

const VISIBILITY: Array<[string, string]> = [
  ['false', 'Never'],
  ['enabled', 'Always'],
  ['authenticated', 'For authenticated users only'],
];

const scale = (title: string, description: string, value: string) =>
  choice(title, description, 'plone.app.vocabularies.ImagesScales', { default: value });

/** zope.schema Bytes, which plone.restapi describes as a text line (Plone's encoded file). */
const bytes = (title: string, description: string): FieldSchema => textLine(title, description);

export const sitePanel: ControlPanelDef = {
  id: 'site',
  title: 'Site',
  group: 'General',
  permission: 'Plone Site Setup: Site',
  prefix: 'plone',
  fields: {
    site_title: textLine('Site title', 'Shown in the browser title bar and in feeds.', {
      default: 'Plone site',
    }),
    site_logo: bytes('Site Logo', 'A logo of your own for the site.'),
    site_favicon_mimetype: textLine('MIME type of the site favicon', 'Set when a favicon is uploaded.', {
      default: 'image/vnd.microsoft.icon',
    }),
    site_favicon: bytes('Site Favicon', 'A favicon of your own for the site.'),
    exposeDCMetaTags: bool('Expose Dublin Core metadata', 'Add Dublin Core meta tags to pages.', {
      default: false,
    }),
    enable_sitemap: bool('Expose sitemap.xml.gz', 'Publish a sitemaps.org site map for search engines.', {
      default: false,
    }),
    webstats_head_js: text(
      'JavaScript integrations included in head section',
      'Snippets from third parties (analytics…), added at the end of the head section as they are.',
      { default: '' },
    ),
    webstats_js: text(
      'JavaScript integrations included after the footer',
      'Snippets from third parties (analytics…), added near the end of the page as they are.',
      { default: '' },
    ),
    display_publication_date_in_byline: bool(
      'Display publication date',
      'Show the publication date in the byline.',
      { default: false },
    ),
    icon_visibility: inlineChoice(
      'icon_visibility',
      'Icon visibility',
      'Show icons in listings.',
      VISIBILITY,
      {
        default: 'enabled',
      },
    ),
    thumb_visibility: inlineChoice(
      'thumb_visibility',
      'Thumb visibility',
      'Show thumbnails in listings.',
      VISIBILITY,
      { default: 'enabled' },
    ),
    no_thumbs_portlet: bool('No Thumbs in portlets', 'Portlets may override this.', { default: false }),
    no_thumbs_lists: bool('No thumbs in list views', 'Views may override this.', { default: false }),
    no_thumbs_summary: bool('No thumbs in summary views', 'Views may override this.', { default: false }),
    no_thumbs_tables: bool('No thumbs in table views', 'Also folder contents; views may override this.', {
      default: false,
    }),
    thumb_scale_portlet: scale('Thumb scale for portlets', 'Portlets may override this.', 'icon'),
    thumb_scale_listing: scale('Thumb scale for listings', 'Views may override this.', 'thumb'),
    thumb_scale_table: scale('Thumb scale for tables', 'Views may override this.', 'tile'),
    thumb_scale_summary: scale('Thumb scale for summary view', 'Views may override this.', 'mini'),
    toolbar_position: inlineChoice(
      'toolbar_position',
      'Toolbar position',
      'At the side (vertical) or at the top (horizontal).',
      [
        ['side', 'Side'],
        ['top', 'Top'],
      ],
      { default: 'side' },
    ),
    toolbar_logo: textLine('Relative URL for the toolbar logo', 'A URL relative to the site root.', {
      default: '/++plone++static/plone-toolbarlogo.svg',
    }),
    robots_txt: text(
      'robots.txt',
      "What search engine robots may index. '{portal_url}' stands for the site URL.",
      { default: DEFAULT_ROBOTS_TXT },
    ),
    default_page: sequence(
      'List',
      'Default page IDs',
      'Ids of items that serve as a folder’s default page when none is set.',
      textLine(''),
      { default: ['index_html', 'index.html', 'index.htm', 'FrontPage'] },
    ),
    roles_allowed_to_add_keywords: sequence(
      'List',
      'Roles that can add keywords',
      'Only these roles may create new tags.',
      choice('', '', 'plone.app.vocabularies.Roles'),
      { default: ['Manager', 'Site Administrator', 'Reviewer'] },
    ),
  },
  required: [
    'site_title',
    'icon_visibility',
    'thumb_visibility',
    'thumb_scale_portlet',
    'thumb_scale_listing',
    'thumb_scale_table',
    'thumb_scale_summary',
    'toolbar_position',
  ],
  constraints: { site_logo: siteFile, site_favicon: siteFile },
};
