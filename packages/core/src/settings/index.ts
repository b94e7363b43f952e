// Site settings: registry records, control panels, values.
export type * from './model.js';
export { PANEL_GROUPS } from './model.js';
export { CONTROL_PANELS, controlPanel, DEFAULT_ALLOWED_SIZES, DEFAULT_ROBOTS_TXT } from './panels/index.js';
export { querystringRecords } from './querystring.js';
export { recordNameOf, registryRecord, registryRecords } from './records.js';
export { decodeSiteFile, type SiteFile } from './site-files.js';
export { parseRecordValue, parseSettings, recordValue, type SettingsChange, settingValue } from './values.js';
