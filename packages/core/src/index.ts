export * from './config.js';
export * from './errors.js';
export * from './content/ids.js';
export type * from './ports/storage.js';
