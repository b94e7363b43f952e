export * from './extract.js';
export * from './model.js';
export * from './resolve.js';
