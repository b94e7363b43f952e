// Prometheus metrics of the frontend server (docs/operations.md#metrics):
// requests by kind of route and status, render latency, and Node's process
// metrics. /metrics is served to loopback/private addresses that did not
// come through a proxy, or to anyone with the bearer token.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { metricsAllowed } from '@tessera/core';
import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';

export const registry = new Registry();
collectDefaultMetrics({ register: registry, prefix: 'tessera_frontend_' });

const requests = new Counter({
  name: 'tessera_frontend_http_requests_total',
  help: 'HTTP requests answered, by kind of route, method and status',
  labelNames: ['route', 'method', 'status'],
  registers: [registry],
});
const duration = new Histogram({
  name: 'tessera_frontend_http_request_duration_seconds',
  help: 'Time from request to the end of the response, by kind of route',
  labelNames: ['route'],
  buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [registry],
});

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
const BINARY_VIEW = /\/@@(images|download|display-file)(\/|$)/;
const FILE = /\.[A-Za-z0-9]{1,8}$/;

/** A small, fixed set of labels: pages are not labelled by path (that would be unbounded). */
export function routeOf(path: string): string {
  if (path === '/ok' || path === '/ready' || path === '/metrics') return path.slice(1);
  if (path === '/++api++' || path.startsWith('/++api++/')) return 'api';
  if (BINARY_VIEW.test(path)) return 'binary';
  if (path === '/robots.txt' || path === '/sitemap.xml') return 'seo';
  if (path.endsWith('/ics_view')) return 'ical';
  if (FILE.test(path)) return 'static';
  return 'page';
}

/** Times one request; call at its start. */
export function observeRequest(req: IncomingMessage, res: ServerResponse, path: string): void {
  const started = performance.now();
  res.once('finish', () => {
    const route = routeOf(path);
    const method = METHODS.has(req.method as string) ? (req.method as string) : 'OTHER';
    requests.labels(route, method, String(res.statusCode)).inc();
    duration.labels(route).observe((performance.now() - started) / 1000);
  });
}

/** Answers GET /metrics. */
export async function serveMetrics(req: IncomingMessage, res: ServerResponse, token: string): Promise<void> {
  if (!metricsAllowed(req, token)) {
    res.writeHead(403, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    res.end(
      JSON.stringify({
        error: {
          type: 'Forbidden',
          message: 'Metrics are served to private addresses or with the metrics token',
        },
      }),
    );
    return;
  }
  const body = await registry.metrics();
  res.writeHead(200, { 'content-type': registry.contentType, 'cache-control': 'no-store' });
  res.end(body);
}
