export { type AppOptions, buildApp, type TesseraApp } from './app.js';
export { rotateSecret } from './auth/secrets.js';
export { initSite } from './bootstrap.js';
export {
  answerWorkerMetrics,
  enableWorkerMetrics,
  type GaugeSpec,
  registerGauge,
  registry as metricsRegistry,
} from './metrics/index.js';
