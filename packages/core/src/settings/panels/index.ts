// Every control panel, in the order of Plone's overview: by group, then by title.
import { type ControlPanelDef, PANEL_GROUPS } from '../model.js';
import { dateAndTimePanel } from './date-and-time.js';
import { discussionPanel } from './discussion.js';
import { editingPanel } from './editing.js';
import { imagingPanel } from './imaging.js';
import { languagePanel } from './language.js';
import { mailPanel } from './mail.js';
import { markupPanel } from './markup.js';
import { navigationPanel } from './navigation.js';
import { searchPanel } from './search.js';
import { securityPanel } from './security.js';
import { sitePanel } from './site.js';
import { socialmediaPanel } from './socialmedia.js';
import { usergroupPanel } from './usergroup.js';

export { DEFAULT_ALLOWED_SIZES } from './imaging.js';
export { DEFAULT_ROBOTS_TXT } from './site.js';

export const CONTROL_PANELS: readonly ControlPanelDef[] = [
  dateAndTimePanel,
  discussionPanel,
  editingPanel,
  imagingPanel,
  languagePanel,
  mailPanel,
  markupPanel,
  navigationPanel,
  searchPanel,
  securityPanel,
  sitePanel,
  socialmediaPanel,
  usergroupPanel,
].sort(
  (a, b) =>
    PANEL_GROUPS.indexOf(a.group) - PANEL_GROUPS.indexOf(b.group) ||
    a.title.toLowerCase().localeCompare(b.title.toLowerCase()),
);

const BY_ID = new Map(CONTROL_PANELS.map((p) => [p.id, p]));

export function controlPanel(id: string): ControlPanelDef | undefined {
  return BY_ID.get(id);
}
