export * from './extract.js';
export * from './model.js';
