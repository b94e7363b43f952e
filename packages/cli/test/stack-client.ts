// An HTTPS client for the stack tests: talks to nginx on 127.0.0.1 as
// "localhost", trusting only the test's own self-signed certificate, and a
// small load generator that counts failed requests.
import { Agent, request } from 'node:https';

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export class StackClient {
  readonly agent: Agent;
  readonly host: string;

  constructor(
    readonly port: number,
    ca: Buffer,
  ) {
    this.agent = new Agent({ ca, keepAlive: true, maxSockets: 64, servername: 'localhost' });
    this.host = `localhost:${port}`;
  }

  get origin() {
    return `https://${this.host}`;
  }

  send(method: string, path: string, headers: Record<string, string> = {}, body?: unknown): Promise<Reply> {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    return new Promise((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: this.port,
          method,
          path,
          agent: this.agent,
          servername: 'localhost',
          headers: {
            host: this.host,
            ...(payload
              ? { 'content-type': 'application/json', 'content-length': String(payload.length) }
              : {}),
            ...headers,
          },
          timeout: 30_000,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c) => chunks.push(c));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers,
              body: Buffer.concat(chunks).toString(),
            }),
          );
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', reject);
      req.end(payload);
    });
  }

  get(path: string, headers: Record<string, string> = {}) {
    return this.send('GET', path, headers);
  }

  close() {
    this.agent.destroy();
  }
}

export interface LoadResult {
  ok: number;
  failed: number;
  failures: string[];
}

/**
 * `concurrency` loops sending `next(i)` until stop() is called; a failure is
 * a network error or a 5xx.
 */
export function startLoad(
  client: StackClient,
  concurrency: number,
  next: (i: number) => { path: string; headers?: Record<string, string> },
) {
  const result: LoadResult = { ok: 0, failed: 0, failures: [] };
  let running = true;
  let n = 0;
  const loops = Array.from({ length: concurrency }, async () => {
    while (running) {
      const { path, headers } = next(n++);
      try {
        const r = await client.get(path, headers);
        if (r.status >= 500) throw new Error(`${r.status} ${r.body.slice(0, 100)}`);
        result.ok++;
      } catch (err) {
        result.failed++;
        if (result.failures.length < 10) result.failures.push(`${path}: ${(err as Error).message}`);
      }
    }
  });
  return {
    result,
    async stop(): Promise<LoadResult> {
      running = false;
      await Promise.all(loops);
      return result;
    },
  };
}
