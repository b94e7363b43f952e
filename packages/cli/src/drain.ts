// Graceful stop of an HTTP server (docs/operations.md#graceful-stop). On
// drain(): /ready starts answering 503 (the caller reads `draining`), every
// response from then on carries Connection: close, after `delayMs` the
// listener closes, idle keep-alive connections are closed as soon as they
// are idle, and the promise resolves when the last connection is gone — or
// after `timeoutMs`, when whatever still runs is cut off.
import type { Server, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';

export interface Drainer {
  readonly draining: boolean;
  /** Resolves true when every request finished in time, false when the timeout cut some off. */
  drain(): Promise<boolean>;
}

export function drainable(server: Server, opts: { delayMs: number; timeoutMs: number }): Drainer {
  const active = new Set<ServerResponse>();
  let draining = false;
  // Prepended so the flag is set before the app's own listener writes anything.
  server.prependListener('request', (_req, res: ServerResponse) => {
    if (draining) res.shouldKeepAlive = false;
    active.add(res);
    res.once('close', () => {
      active.delete(res);
      // The connection is idle now: close it rather than wait for keep-alive to time out.
      if (draining) setImmediate(() => server.closeIdleConnections());
    });
  });
  let result: Promise<boolean> | undefined;
  return {
    get draining() {
      return draining;
    },
    drain() {
      result ??= (async () => {
        draining = true;
        // Node writes Connection: close and ends the socket after a response that must not keep alive.
        for (const res of active) if (!res.headersSent) res.shouldKeepAlive = false;
        if (opts.delayMs > 0) await sleep(opts.delayMs);
        return new Promise<boolean>((resolve) => {
          const timer = setTimeout(() => {
            server.closeAllConnections();
            resolve(false);
          }, opts.timeoutMs);
          server.close(() => {
            clearTimeout(timer);
            resolve(true);
          });
          server.closeIdleConnections();
        });
      })();
      return result;
    },
  };
}
