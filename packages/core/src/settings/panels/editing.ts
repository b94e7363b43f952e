// Editing: which editors exist and how through-the-web editing behaves.
import { bool, choice, sequence, textLine } from '../../types/field-schemas.js';
import type { ControlPanelDef } from '../model.js';

export const editingPanel: ControlPanelDef = {
  id: 'editing',
  title: 'Editing',
  group: 'Content',
  permission: 'Plone Site Setup: Editing',
  prefix: 'plone',
  fields: {
    available_editors: sequence('List', 'Available editors', 'Editors offered on this site.', textLine(''), {
      default: ['TinyMCE', 'None'],
    }),
    // The editor choice stays open (any name): Tessera renders no editor itself.
    default_editor: choice(
      'Default editor',
      'The editor used for rich text unless a user picks another one.',
      'plone.app.vocabularies.AvailableEditors',
      { default: 'TinyMCE' },
    ),
    ext_editor: bool(
      'Enable External Editor feature',
      'Offer editing through an external desktop application.',
      { default: false },
    ),
    enable_link_integrity_checks: bool(
      'Enable link integrity checks',
      'Warn before deleting or moving content that other content links to.',
      { default: true },
    ),
    lock_on_ttw_edit: bool(
      'Enable locking for through-the-web edits',
      'Lock an item while someone edits it in the browser.',
      { default: true },
    ),
    subjects_of_navigation_root: bool(
      'Limit tags/keywords to the current navigation root',
      'Offer only the tags used below the current navigation root.',
      { default: false },
    ),
  },
  required: ['available_editors', 'default_editor'],
};
