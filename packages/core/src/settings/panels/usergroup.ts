// User and group settings: whether listings search instead of listing all.
import { bool } from '../../types/field-schemas.js';
import type { ControlPanelDef } from '../model.js';

export const usergroupPanel: ControlPanelDef = {
  id: 'usergroup',
  title: 'User and Group Settings',
  group: 'Users',
  permission: 'Plone Site Setup: Users and Groups',
  prefix: 'plone',
  fields: {
    many_groups: bool(
      'Many groups?',
      'For sites with very many groups: the group screens search instead of listing every group.',
      { default: false },
    ),
    many_users: bool(
      'Many users?',
      'For sites with very many users: the user screens search instead of listing every user.',
      { default: false },
    ),
  },
  required: [],
};
