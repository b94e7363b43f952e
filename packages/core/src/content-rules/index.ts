export * from './conditions.js';
export * from './elements.js';
export * from './events.js';
