// @actions: the action categories Volto's toolbar and menus read
// (object, object_buttons, portal_tabs, site_actions, user, document_actions).
import { can, hasPermission } from '@tessera/core';
import type { Expander } from './index.js';

const act = (id: string, title: string, url: string, icon: string) => ({ icon, id, title, url });

export const actions: Expander = async (ctx, rec) => {
  const { urls, principal, site } = ctx;
  const url = urls.url(rec.path);
  const siteUrl = urls.siteUrl;
  const canEdit = can(principal, 'Modify portal content', rec);
  const canDelete = can(principal, 'Delete objects', rec);
  const canShare = can(principal, 'Sharing page: Delegate roles', rec);
  const parentUrl = rec.parentUid === null ? siteUrl : urls.url(rec.path.slice(0, rec.path.lastIndexOf('/')));
  const folderUrl = site.types.get(rec.type)?.def.folderish ? url : parentUrl;

  const object = [act('view', 'View', url, 'toolbar-action/view')];
  const objectButtons = [];
  if (canEdit) {
    object.push(
      act('edit', 'Edit', `${url}/edit`, 'toolbar-action/edit'),
      act('folderContents', 'Contents', `${folderUrl}/folder_contents`, 'toolbar-action/folderContents'),
      act('history', 'History', `${url}/@@historyview`, 'toolbar-action/history'),
    );
  }
  if (canShare) object.push(act('local_roles', 'Sharing', `${url}/@@sharing`, 'toolbar-action/sharing'));
  if (canEdit) {
    objectButtons.push(
      act('cut', 'Cut', `${url}/object_cut`, 'plone-cut'),
      act('copy', 'Copy', `${url}/object_copy`, 'plone-copy'),
    );
    if (canDelete) objectButtons.push(act('delete', 'Delete', `${url}/delete_confirmation`, 'plone-delete'));
    objectButtons.push(
      act('rename', 'Rename', `${url}/object_rename`, 'plone-rename'),
      act('redirection', 'URL Management', `${url}/@@manage-aliases`, 'plone-redirection'),
    );
  }

  // portal_tabs is the action category (Home); the generated section tabs
  // come from @navigation, as in plone.restapi.
  const tabs = [act('index_html', 'Home', siteUrl, 'plone-home')];
  const deps = [rec.uid];

  const user =
    principal.id === null
      ? [act('login', 'Log in', `${siteUrl}/login`, 'plone-login')]
      : [
          act('preferences', 'Preferences', `${siteUrl}/@@personal-preferences`, 'plone-user'),
          act('dashboard', 'Dashboard', `${siteUrl}/dashboard`, 'plone-dashboard'),
          ...(hasPermission(principal, 'Manage portal')
            ? [act('plone_setup', 'Site Setup', `${siteUrl}/@@overview-controlpanel`, 'plone-controlpanel')]
            : []),
          act('logout', 'Log out', `${siteUrl}/logout`, 'plone-logout'),
        ];

  const all: Record<string, unknown> = {
    document_actions: [],
    object,
    object_buttons: objectButtons,
    portal_tabs: tabs,
    site_actions: [
      act('sitemap', 'Site Map', `${siteUrl}/sitemap`, 'plone-sitemap'),
      act('accessibility', 'Accessibility', `${siteUrl}/accessibility-info`, 'plone-accessibility'),
      act('contact', 'Contact', `${siteUrl}/contact-info`, 'plone-contact-info'),
    ],
    user,
  };
  // ?categories=object&categories=user asks for some categories only.
  const asked = ctx.query.categories;
  const wanted =
    asked === undefined ? Object.keys(all) : (Array.isArray(asked) ? asked : [asked]).map(String);
  const body: Record<string, unknown> = {};
  for (const c of wanted) if (Object.hasOwn(all, c)) body[c] = all[c];
  return { body, deps };
};
