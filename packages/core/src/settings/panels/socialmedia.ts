// Social media: the meta tags that describe pages to social networks.
import { bool, textLine } from '../../types/field-schemas.js';
import type { JsonValue } from '../../types/model.js';
import type { ControlPanelDef } from '../model.js';
import { asciiOnly } from './common.js';

const twitterName = (v: JsonValue) =>
  asciiOnly(v) ??
  (typeof v === 'string' && v.startsWith('@')
    ? 'Twitter username should not include the "@" prefix character.'
    : null);

export const socialmediaPanel: ControlPanelDef = {
  id: 'socialmedia',
  title: 'Social Media',
  group: 'General',
  permission: 'Plone Site Setup: Site',
  prefix: 'plone',
  fields: {
    share_social_data: bool(
      'Share social data',
      'Add meta tags that tell social networks how to show shared pages.',
      { default: true },
    ),
    twitter_username: textLine('Twitter username', 'For Twitter Cards; without the "@".', { default: '' }),
    facebook_app_id: textLine('Facebook App ID', 'For integrations such as Open Graph data.', {
      default: '',
    }),
    facebook_username: textLine('Facebook username', 'Links Open Graph data to a Facebook account.', {
      default: '',
    }),
  },
  required: [],
  constraints: { twitter_username: twitterName, facebook_app_id: asciiOnly, facebook_username: asciiOnly },
};
