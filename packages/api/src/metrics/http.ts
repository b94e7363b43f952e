// Requests by route, method and status, and their latency. The request path
// only bumps plain numbers (no prom-client label hashing or validation, no
// listener: app.ts calls recordRequest where the fast path and Fastify end a
// response); they are turned into Prometheus series when scraped. Measured against bench/run.ts's GET
// document, see docs/decisions/0024.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { registry } from './registry.js';

const BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
/** Route labels are bounded: a client inventing /@names must not grow the label set without end. */
const MAX_ROUTES = 100;
const routes = new Set<string>();
const SERVICE = /^@?[A-Za-z0-9_.-]{1,64}$/;

/** The route label of a request: its service (`@search`), `content`, or a health endpoint. */
export function routeOf(url: string, status: number): string {
  const q = url.indexOf('?');
  const path = q === -1 ? url : url.slice(0, q);
  if (path === '/ok' || path === '/ready' || path === '/metrics') return path.slice(1);
  if (status === 404) return 'not_found';
  const at = path.lastIndexOf('/@');
  if (at === -1) return 'content';
  const end = path.indexOf('/', at + 2);
  const name = `@${path.slice(at + 2, end === -1 ? undefined : end)}`;
  if (!SERVICE.test(name.slice(1))) return 'other';
  if (!routes.has(name)) {
    if (routes.size >= MAX_ROUTES) return 'other';
    routes.add(name);
  }
  return name;
}

interface Count {
  labels: { route: string; method: string; status: string };
  value: number;
}
interface Timing {
  /** Observations per bucket (not cumulative; the last slot is +Inf). */
  buckets: Float64Array;
  sum: number;
  count: number;
}
const counts = new Map<string, Count>();
const timings = new Map<string, Timing>();

/** Counts one answered request; called where the response was written (no listener, no closure). */
export function recordRequest(
  method: string | undefined,
  url: string | undefined,
  status: number,
  seconds: number,
) {
  const m = METHODS.has(method as string) ? (method as string) : 'OTHER';
  const route = routeOf(url ?? '/', status);
  const key = `${route} ${m} ${status}`;
  const c = counts.get(key);
  if (c) c.value++;
  else counts.set(key, { labels: { route, method: m, status: String(status) }, value: 1 });
  let t = timings.get(route);
  if (!t) {
    t = { buckets: new Float64Array(BUCKETS.length + 1), sum: 0, count: 0 };
    timings.set(route, t);
  }
  let i = 0;
  while (i < BUCKETS.length && seconds > BUCKETS[i]) i++;
  t.buckets[i]++;
  t.sum += seconds;
  t.count++;
}

/** Times one request by a listener on its response: for servers without a single place where responses end. */
export function observeRequest(req: IncomingMessage, res: ServerResponse): void {
  const started = performance.now();
  res.once('finish', () =>
    recordRequest(req.method, req.url, res.statusCode, (performance.now() - started) / 1000),
  );
}

type Value = { metricName?: string; labels: Record<string, string | number>; value: number };

/**
 * A metric in the shape prom-client's Registry and AggregatorRegistry read
 * (get() → name, help, type, values), computed from the numbers above at scrape time.
 */
function registerScraped(
  name: string,
  help: string,
  type: 'counter' | 'histogram',
  values: () => Value[],
  reset: () => void,
) {
  const metric = {
    name,
    help,
    type,
    aggregator: 'sum' as const,
    get: () => ({ name, help, type, aggregator: 'sum' as const, values: values() }),
    reset,
  };
  registry.registerMetric(metric as unknown as Parameters<typeof registry.registerMetric>[0]);
}

registerScraped(
  'tessera_http_requests_total',
  'HTTP requests answered, by route (service name), method and status',
  'counter',
  () => [...counts.values()].map((c) => ({ labels: c.labels, value: c.value })),
  () => counts.clear(),
);

const DURATION = 'tessera_http_request_duration_seconds';
registerScraped(
  DURATION,
  'Time from request to the end of the response, by route',
  'histogram',
  () => {
    const values: Value[] = [];
    for (const [route, t] of timings) {
      let cumulative = 0;
      for (let i = 0; i <= BUCKETS.length; i++) {
        cumulative += t.buckets[i];
        const le = i < BUCKETS.length ? BUCKETS[i] : '+Inf';
        values.push({ metricName: `${DURATION}_bucket`, labels: { le, route }, value: cumulative });
      }
      values.push({ metricName: `${DURATION}_sum`, labels: { route }, value: t.sum });
      values.push({ metricName: `${DURATION}_count`, labels: { route }, value: t.count });
    }
    return values;
  },
  () => timings.clear(),
);
