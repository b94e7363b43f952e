// Security: registration, passwords, user ids and who may see authorship.
import { bool } from '../../types/field-schemas.js';
import type { ControlPanelDef } from '../model.js';

export const securityPanel: ControlPanelDef = {
  id: 'security',
  title: 'Security',
  group: 'Security',
  permission: 'Plone Site Setup: Security',
  prefix: 'plone',
  fields: {
    enable_self_reg: bool(
      'Enable self-registration',
      'Anyone may create an account; otherwise only managers add users.',
      { default: false },
    ),
    enable_user_pwd_choice: bool(
      'Let users select their own passwords',
      'Otherwise new users get an e-mail with a link to set their password, which also confirms the address.',
      { default: false },
    ),
    enable_user_folders: bool(
      'Enable User Folders',
      'Create a personal folder for each user on first login.',
      { default: false },
    ),
    allow_anon_views_about: bool(
      "Allow anyone to view 'about' information",
      'Show creator and modification date to anonymous visitors too.',
      { default: false },
    ),
    use_email_as_login: bool(
      'Use email address as login name',
      'Users log in with their e-mail address instead of a separate login name.',
      { default: false },
    ),
    use_uuid_as_userid: bool('Use UUID user ids', 'New users get a generated UUID as their user id.', {
      default: false,
    }),
    autologin_after_password_reset: bool(
      'Login user after password reset',
      'Log the user in once the password has been reset.',
      { default: true },
    ),
  },
  required: [],
};
