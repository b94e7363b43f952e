export { buildApp, type AppOptions, type TesseraApp } from './app.js';
export { initSite } from './bootstrap.js';
