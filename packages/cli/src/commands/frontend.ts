// `tessera frontend`: the visitor-facing site (server-rendered React) on its
// own, against any backend.
import { parseArgs } from 'node:util';
import { ConfigError } from '@tessera/core';
import { drainable } from '../drain.js';
import { refuseRoot } from '../root-guard.js';
import { reportErrors } from '../sentry.js';

const HELP = `Usage: tessera frontend [--port 3000] [--host 127.0.0.1] [--api http://127.0.0.1:8080]
                        [--public-api https://www.example.org] [--cache-control "…"] [--lang en]
                        [--drain-timeout 30] [--allow-root]

Runs the frontend: pages rendered on the server from the backend's REST API and
hydrated in the browser. Browsers reach the API through this server (/++api++/…).
  --api            backend URL used by the server itself (internal network)
  --public-api     the site's public URL as browsers see it; by default each
                   request's Host header (use it behind a proxy or CDN)
  --cache-control  Cache-Control of anonymous pages
                   (default "public, max-age=0, s-maxage=60, stale-while-revalidate=300")
  --lang           UI language when content names none (en, de)
  --drain-timeout  seconds requests in flight get to finish after SIGTERM (30)
  --allow-root     serve even when run as root (refused otherwise)
/ok (alive) and /ready (the backend answers) are for load balancers; /metrics
serves Prometheus metrics to loopback/private addresses or with the token.
Environment: TESSERA_FRONTEND_PORT, TESSERA_FRONTEND_HOST, TESSERA_API_URL,
TESSERA_PUBLIC_API_URL, TESSERA_FRONTEND_CACHE_CONTROL, TESSERA_FRONTEND_LANG,
TESSERA_DRAIN_DELAY, TESSERA_DRAIN_TIMEOUT, TESSERA_METRICS (0 turns /metrics
off), TESSERA_METRICS_TOKEN, TESSERA_ALLOW_ROOT=1, SENTRY_DSN.
Builds the app first when the build is missing or older than its sources.
`;

export function frontendOptions(argv: string[], env: NodeJS.ProcessEnv = process.env) {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string', short: 'p' },
      host: { type: 'string' },
      api: { type: 'string' },
      'public-api': { type: 'string' },
      'cache-control': { type: 'string' },
      lang: { type: 'string' },
      'drain-timeout': { type: 'string' },
      'allow-root': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
    allowPositionals: false,
  });
  const seconds = (name: string, v: string | undefined, fallback: number) => {
    const n = Number(v ?? fallback);
    if (!Number.isFinite(n) || n < 0 || n > 3600) throw new ConfigError(`invalid ${name}: ${v}`);
    return n;
  };
  const port = Number(values.port ?? env.TESSERA_FRONTEND_PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new ConfigError(`invalid port: ${values.port}`);
  const api = values.api ?? env.TESSERA_API_URL ?? 'http://127.0.0.1:8080';
  const publicApi = values['public-api'] ?? env.TESSERA_PUBLIC_API_URL;
  for (const url of [api, publicApi]) {
    if (url !== undefined && !/^https?:\/\/[^/]+/.test(url))
      throw new ConfigError(`not an http(s) URL: ${url}`);
  }
  return {
    help: !!values.help,
    port,
    host: values.host ?? env.TESSERA_FRONTEND_HOST ?? '127.0.0.1',
    apiUrl: api.replace(/\/$/, ''),
    publicUrl: publicApi?.replace(/\/(\+\+api\+\+)?\/?$/, ''),
    cacheControl: values['cache-control'] ?? env.TESSERA_FRONTEND_CACHE_CONTROL,
    defaultLang: values.lang ?? env.TESSERA_FRONTEND_LANG ?? 'en',
    allowRoot: !!values['allow-root'],
    drainDelay: seconds('drain delay', env.TESSERA_DRAIN_DELAY, 0),
    drainTimeout: seconds('drain timeout', values['drain-timeout'] ?? env.TESSERA_DRAIN_TIMEOUT, 30),
    metrics: !/^(false|0|no|off)$/i.test(env.TESSERA_METRICS ?? ''),
    metricsToken: env.TESSERA_METRICS_TOKEN ?? '',
  };
}

/**
 * Loads the frontend on demand (the other commands need no React). React
 * chooses its development or production build when first imported, by
 * NODE_ENV: a served site gets the production one (several times faster at
 * rendering) unless NODE_ENV says otherwise, as it does under the tests.
 */
export function loadFrontend() {
  process.env.NODE_ENV ??= 'production';
  return import('@tessera/frontend');
}

export async function frontend(argv: string[]): Promise<number> {
  const opts = frontendOptions(argv);
  if (opts.help) {
    process.stdout.write(HELP);
    return 0;
  }
  refuseRoot(opts.allowRoot);
  const log = (msg: string) => process.stderr.write(`tessera frontend: ${msg}\n`);
  // With SENTRY_DSN: uncaught exceptions and unhandled rejections go to Sentry.
  await reportErrors({ info: log });
  const running = await startDrainableFrontend(opts, log);
  process.stdout.write(`tessera frontend listening at ${running.url} (backend ${opts.apiUrl})\n`);
  // Logs go to stderr (the journal): nothing to reopen, but SIGUSR2 (systemctl
  // reload, logrotate) must not end the process, which is Node's default.
  process.on('SIGUSR2', () => {});
  await new Promise<void>((resolve) => {
    const stop = () => void running.stop().then(resolve);
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
  return 0;
}

/**
 * Starts the frontend with a graceful stop: stop() drains (see drain.ts) —
 * /ready answers 503, requests in flight finish within the drain timeout.
 */
export async function startDrainableFrontend(
  opts: ReturnType<typeof frontendOptions>,
  log: (msg: string) => void,
) {
  const { startFrontend } = await loadFrontend();
  let isDraining = () => false;
  const running = await startFrontend({ ...opts, log, draining: () => isDraining() });
  const drainer = drainable(running.server, {
    delayMs: opts.drainDelay * 1000,
    timeoutMs: opts.drainTimeout * 1000,
  });
  isDraining = () => drainer.draining;
  return {
    url: running.url,
    async stop() {
      log(`draining (at most ${opts.drainTimeout} s)`);
      if (!(await drainer.drain())) log('drain timeout: connections still open were closed');
    },
  };
}
