// Language: the site language, the languages content may be in, and how a
// visitor's language is chosen.
import { bool, choice, sequence } from '../../types/field-schemas.js';
import type { ControlPanelDef } from '../model.js';

const LANGUAGES = 'plone.app.vocabularies.AvailableContentLanguages';
const off = (title: string, description = '') => bool(title, description, { default: false });

export const languagePanel: ControlPanelDef = {
  id: 'language',
  title: 'Language',
  group: 'General',
  permission: 'Plone Site Setup: Language',
  prefix: 'plone',
  fields: {
    default_language: choice(
      'Site language',
      'The language of the site’s content and interface.',
      LANGUAGES,
      {
        default: 'en',
      },
    ),
    available_languages: sequence(
      'List',
      'Available languages',
      'The languages content may be translated into.',
      choice('', '', LANGUAGES),
      { default: ['en'] },
    ),
    use_combined_language_codes: bool(
      'Show country-specific language variants',
      'Offer variants such as pt-br besides plain languages.',
      { default: true },
    ),
    display_flags: off('Show language flags'),
    always_show_selector: off('Always show language selector'),
    use_content_negotiation: off('Use the language of the content item'),
    use_path_negotiation: off('Use language codes in URL path for manual override'),
    use_cookie_negotiation: off('Use cookie for manual override', 'Needed for the language selector.'),
    authenticated_users_only: off('Authenticated users only', 'Applies to the cookie override.'),
    set_cookie_always: off(
      'Set the language cookie always',
      'Set it on every request, not only on a choice.',
    ),
    use_subdomain_negotiation: off('Use subdomain', 'For example de.example.org.'),
    use_cctld_negotiation: off('Use top-level domain', 'For example example.de.'),
    use_request_negotiation: off('Use browser language request negotiation'),
  },
  required: ['default_language', 'available_languages'],
  fieldsets: [
    {
      id: 'general',
      title: 'General',
      fields: [
        'default_language',
        'available_languages',
        'use_combined_language_codes',
        'display_flags',
        'always_show_selector',
      ],
    },
    {
      id: 'negotiation_scheme',
      title: 'Negotiation scheme',
      fields: [
        'use_content_negotiation',
        'use_path_negotiation',
        'use_cookie_negotiation',
        'authenticated_users_only',
        'set_cookie_always',
        'use_subdomain_negotiation',
        'use_cctld_negotiation',
        'use_request_negotiation',
      ],
    },
  ],
  constraints: {},
};
