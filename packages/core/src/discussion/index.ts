export { DISCUSSION_PREFIX } from '../settings/panels/discussion.js';
export * from './ids.js';
export * from './text.js';
export * from './threads.js';
export * from './workflows.js';
