export { type AppOptions, buildApp, type TesseraApp } from './app.js';
export { rotateSecret } from './auth/secrets.js';
export { initSite } from './bootstrap.js';
