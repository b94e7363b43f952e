// Health endpoints of the frontend server, for load balancers and
// orchestrators: /ok answers while the process serves (liveness, touches
// nothing else); /ready answers 200 when the backend answers its own /ok and
// 503 while the process drains or the backend is unreachable.
import type { IncomingMessage, ServerResponse } from 'node:http';

const BACKEND_TIMEOUT_MS = 2000;

export interface HealthOptions {
  apiUrl: string;
  draining?: () => boolean;
}

/** Returns a handler that answers /ok and /ready and returns true, or returns false for any other path. */
export function healthEndpoints(opts: HealthOptions) {
  const text = (res: ServerResponse, status: number, body: string) => {
    res.writeHead(status, { 'content-type': 'text/plain', 'cache-control': 'no-store' });
    res.end(body);
  };
  return (req: IncomingMessage, res: ServerResponse, path: string): boolean => {
    if (path !== '/ok' && path !== '/ready') return false;
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    if (path === '/ok') {
      text(res, 200, 'OK');
      return true;
    }
    if (opts.draining?.()) {
      text(res, 503, 'DRAINING');
      return true;
    }
    fetch(`${opts.apiUrl}/ok`, { signal: AbortSignal.timeout(BACKEND_TIMEOUT_MS) })
      .then((r) => {
        r.body?.cancel();
        if (r.ok) text(res, 200, 'READY');
        else text(res, 503, 'BACKEND UNAVAILABLE');
      })
      .catch(() => text(res, 503, 'BACKEND UNAVAILABLE'));
    return true;
  };
}
