// Markup: the text formats rich text fields offer.
import { choice, sequence, textLine } from '../../types/field-schemas.js';
import type { ControlPanelDef } from '../model.js';

const FORMATS = 'plone.app.vocabularies.AllowableContentTypes';

export const markupPanel: ControlPanelDef = {
  id: 'markup',
  title: 'Markup',
  group: 'Content',
  permission: 'Plone Site Setup: Markup',
  prefix: 'plone',
  fields: {
    default_type: choice('Default format', 'The format new rich text starts in.', FORMATS, {
      default: 'text/html',
    }),
    allowed_types: sequence(
      'Tuple',
      'Alternative formats',
      'Formats users may choose instead of the default one.',
      choice('', '', FORMATS),
      { default: ['text/html', 'text/x-web-textile'] },
    ),
    markdown_extensions: sequence(
      'List',
      'Enabled markdown extensions',
      'Python-Markdown extensions applied to Markdown text.',
      textLine(''),
      { default: ['markdown.extensions.fenced_code', 'markdown.extensions.nl2br'] },
    ),
  },
  required: ['default_type', 'allowed_types'],
};
