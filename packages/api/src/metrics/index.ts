// Prometheus metrics of the backend (docs/operations.md#metrics). The
// registry and registerGauge are the public surface for other modules; the
// serialization cache and the database pool are read at scrape time.
import cluster from 'node:cluster';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { metricsAllowed } from '@tessera/core';
import { AggregatorRegistry, Counter } from 'prom-client';
import type { Site } from '../site.js';
import { registerGauge, registry } from './registry.js';

export { observeRequest, recordRequest, routeOf } from './http.js';
export { type GaugeSpec, registerGauge, registry } from './registry.js';

/** A counter whose value another object keeps (the cache counts its own hits). */
function externalCounter(name: string, help: string, read: () => number) {
  const existing = registry.getSingleMetric(name) as (Counter & { reader?: () => number }) | undefined;
  if (existing) {
    existing.reader = read;
    return;
  }
  const counter: Counter & { reader?: () => number } = new Counter({
    name,
    help,
    registers: [registry],
    collect() {
      this.reset();
      this.inc(counter.reader?.() ?? 0);
    },
  });
  counter.reader = read;
}

/** Optional pool statistics a storage may expose (node-postgres and mysql2 pools know them). */
interface PoolStats {
  total: number;
  idle: number;
  waiting: number;
}

/** Reads the site's serialization cache and, where the storage tells, its connection pool. */
export function registerSiteMetrics(site: Site): void {
  externalCounter(
    'tessera_serialization_cache_hits_total',
    'Serialization cache lookups answered from the cache',
    () => site.cache.hits,
  );
  externalCounter(
    'tessera_serialization_cache_misses_total',
    'Serialization cache lookups that had to serialize',
    () => site.cache.misses,
  );
  externalCounter(
    'tessera_serialization_cache_component_hits_total',
    'Component (expander) cache hits',
    () => site.cache.componentHits,
  );
  const storage = site.storage as { poolStats?: () => PoolStats };
  if (typeof storage.poolStats === 'function') {
    const stats = () => storage.poolStats!();
    registerGauge({
      name: 'tessera_db_pool_total',
      help: 'Database connections open',
      read: () => stats().total,
    });
    registerGauge({
      name: 'tessera_db_pool_idle',
      help: 'Database connections idle',
      read: () => stats().idle,
    });
    registerGauge({
      name: 'tessera_db_pool_waiting',
      help: 'Queries waiting for a database connection',
      read: () => stats().waiting,
    });
  }
}

const REQUEST = 'tessera:metrics-request';
const RESPONSE = 'tessera:metrics-response';
let pending: Map<number, (text: string | null) => void> | undefined;
let nextId = 0;

/**
 * In a worker of `tessera serve --workers N`: answers the supervisor's
 * (prom-client's) requests for this worker's metrics, so that whichever
 * worker a scrape lands on can return the sum over all of them.
 */
export function enableWorkerMetrics(): void {
  if (pending) return;
  pending = new Map();
  AggregatorRegistry.setRegistries([registry]);
  new AggregatorRegistry(); // its constructor installs the worker's listener
  process.on('message', (msg: { type?: string; id?: number; text?: string | null }) => {
    if (msg?.type !== RESPONSE || typeof msg.id !== 'number') return;
    pending?.get(msg.id)?.(msg.text ?? null);
    pending?.delete(msg.id);
  });
}

/** In the supervisor: aggregates all workers' metrics when a worker asks. */
export function answerWorkerMetrics(): void {
  const aggregator = new AggregatorRegistry();
  cluster.on('message', (worker, msg: { type?: string; id?: number }) => {
    if (msg?.type !== REQUEST) return;
    aggregator.clusterMetrics().then(
      (text) => worker.send({ type: RESPONSE, id: msg.id, text }),
      () => worker.send({ type: RESPONSE, id: msg.id, text: null }),
    );
  });
}

async function metricsText(): Promise<string | null> {
  if (!pending || !process.send) return registry.metrics();
  const id = nextId++;
  return new Promise<string | null>((resolve) => {
    const timer = setTimeout(() => {
      pending?.delete(id);
      resolve(null);
    }, 5000);
    pending!.set(id, (text) => {
      clearTimeout(timer);
      resolve(text);
    });
    process.send!({ type: REQUEST, id });
  });
}

/** Answers GET /metrics: 403 unless allowed (see access.ts), else the text format. */
export async function serveMetrics(req: IncomingMessage, res: ServerResponse, token: string): Promise<void> {
  const json = (status: number, type: string, message: string) => {
    res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    res.end(JSON.stringify({ error: { type, message } }));
  };
  if (!metricsAllowed(req, token))
    return json(403, 'Forbidden', 'Metrics are served to private addresses or with the metrics token');
  const text = await metricsText();
  if (text === null) return json(503, 'ServiceUnavailable', 'The workers did not answer in time');
  res.writeHead(200, { 'content-type': registry.contentType, 'cache-control': 'no-store' });
  res.end(text);
}
