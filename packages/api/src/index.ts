export { type AppOptions, buildApp, type TesseraApp } from './app.js';
export { initSite } from './bootstrap.js';
