// The production server for the built app: static assets, the API proxy,
// robots/sitemap/iCal, and server-side rendering (app/entry-server.tsx) with
// cache headers (Cache-Control, ETag, surrogate keys) on every page.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { handlePage } from '../app/entry-server.js';
import { api } from '../app/lib/api.server.js';
import type { TesseraContext } from '../app/lib/context.js';
import { DataCache } from '../app/lib/data-cache.server.js';
import { pageOfDataPath } from '../app/router/routes.js';
import { BUILD_DIR, clientAssets, ensureBuilt } from './build.js';
import { cacheHeaders, DEFAULT_CACHE_CONTROL, etagOf, matchesEtag } from './caching.js';
import { AUTH_COOKIE, authCookie, readCookie } from './cookies.js';
import { loadFeed, rssXml } from './feed.js';
import { healthEndpoints } from './health.js';
import { eventToIcal } from './ical.js';
import { observeRequest, serveMetrics } from './metrics.js';
import { type PublicOrigin, proxy } from './proxy.js';
import { robotsTxt, sitemapXml } from './seo.js';
import { serveStatic } from './static.js';

export interface FrontendOptions {
  port: number;
  host: string;
  /** Backend URL for server-side calls and the proxy (internal network). */
  apiUrl: string;
  /** The site's public URL (https://www.example.org); by default taken from each request's Host. */
  publicUrl?: string;
  cacheControl?: string;
  defaultLang?: string;
  /** Mark the auth cookie Secure (on by default when publicUrl is https). */
  secureCookies?: boolean;
  log?: (msg: string) => void;
  /**
   * How long anonymous shared data (navigation, navroot, listing and teaser queries) is reused between
   * pages, in ms; 0 turns the cache off. Default: TESSERA_FRONTEND_DATA_TTL
   * (seconds) or 5 s.
   */
  dataTtlMs?: number;
  /** True once a graceful stop began: /ready answers 503 (docs/operations.md). */
  draining?: () => boolean;
  /** Serve /metrics (default true); the token opens it to any address. */
  metrics?: boolean;
  metricsToken?: string;
}

export interface RunningFrontend {
  server: Server;
  url: string;
  close(): Promise<void>;
}

const BINARY_VIEW = /\/@@(images|download|display-file)(\/|$)/;
const HOST = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9a-fA-F:]+\](:\d{1,5})?$/;

export async function startFrontend(opts: FrontendOptions): Promise<RunningFrontend> {
  const log = opts.log ?? (() => {});
  await ensureBuilt(log);
  const assets = clientAssets();
  const clientDir = join(BUILD_DIR, 'client');
  const publicUrl = opts.publicUrl ? new URL(opts.publicUrl) : null;
  const secure = opts.secureCookies ?? publicUrl?.protocol === 'https:';
  const cacheControl = opts.cacheControl || DEFAULT_CACHE_CONTROL;
  const dataCache = new DataCache(opts.dataTtlMs ?? dataTtlFromEnv());

  const originOf = (req: IncomingMessage): PublicOrigin => {
    if (publicUrl) return { proto: publicUrl.protocol === 'https:' ? 'https' : 'http', host: publicUrl.host };
    const host = req.headers.host && HOST.test(req.headers.host) ? req.headers.host : 'localhost';
    return { proto: 'http', host };
  };

  const context = (req: IncomingMessage): TesseraContext => ({
    apiUrl: opts.apiUrl,
    token: readCookie(req.headers.cookie, AUTH_COOKIE),
    uids: new Set(),
    defaultLang: opts.defaultLang ?? 'en',
    cache: dataCache,
  });

  async function render(req: IncomingMessage, res: ServerResponse, origin: PublicOrigin) {
    const method = req.method ?? 'GET';
    if (method !== 'GET' && method !== 'HEAD' && method !== 'POST')
      return send(res, 405, 'text/plain', 'Method Not Allowed');
    if (method === 'POST') {
      // Forms post to this origin only: a cross-site page must not log a visitor in or out.
      const from = req.headers.origin;
      if (from && safeHost(from) !== origin.host) return send(res, 403, 'text/plain', 'Forbidden');
    }
    const ctx = context(req);
    const rawPath = (req.url ?? '/').split('?')[0];
    const dataPath = pageOfDataPath(rawPath);
    const url = new URL(`${origin.proto}://${origin.host}${req.url}`);
    if (dataPath !== null) url.pathname = dataPath;
    let form: URLSearchParams | undefined;
    if (method === 'POST') {
      const text = await readForm(req);
      if (text === null) return send(res, 413, 'text/plain', 'Payload Too Large');
      form = new URLSearchParams(text);
    }
    const page = await handlePage(ctx, { method, url, form, data: dataPath !== null }, assets, log);
    const body = Buffer.from(page.body);
    const out: Record<string, string | string[]> = { ...page.headers };
    if (ctx.setToken !== undefined) out['set-cookie'] = authCookie(ctx.setToken, secure);
    const authenticated = ctx.setToken !== undefined ? ctx.setToken !== null || !!ctx.token : !!ctx.token;
    Object.assign(
      out,
      cacheHeaders({
        authenticated,
        status: page.status,
        method,
        uids: ctx.pageUid ? [ctx.pageUid, ...ctx.uids] : ctx.uids,
        cacheControl,
      }),
    );
    out['x-content-type-options'] = 'nosniff';
    out['referrer-policy'] = 'strict-origin-when-cross-origin';
    if (page.status === 200 && (method === 'GET' || method === 'HEAD')) {
      const etag = etagOf(body);
      out.etag = etag;
      if (matchesEtag(req.headers['if-none-match'], etag)) {
        res.writeHead(304, out);
        return res.end();
      }
    }
    out['content-length'] = String(body.byteLength);
    res.writeHead(page.status, out);
    res.end(method === 'HEAD' ? undefined : body);
  }

  async function ical(req: IncomingMessage, res: ServerResponse, origin: PublicOrigin, path: string) {
    const ctx = context(req);
    const r = await api(ctx, path);
    if (r.status !== 200 || r.body?.['@type'] !== 'Event') return send(res, 404, 'text/plain', 'Not found');
    const base = `${origin.proto}://${origin.host}`;
    const text = eventToIcal(r.body, base + r.body['@id']);
    const name = String(r.body.id ?? 'event').replace(/[^\w.-]/g, '_');
    res.writeHead(200, {
      'content-type': 'text/calendar; charset=utf-8',
      'content-disposition': `attachment; filename="${name}.ics"`,
      ...cacheHeaders({
        authenticated: !!ctx.token,
        status: 200,
        method: 'GET',
        uids: r.body.UID ? [r.body.UID] : [],
        cacheControl,
      }),
    });
    res.end(text);
  }

  async function feed(req: IncomingMessage, res: ServerResponse, origin: PublicOrigin, path: string) {
    const ctx = context(req);
    const f = await loadFeed(ctx, path);
    if (!f) return send(res, 404, 'text/plain', 'Not found');
    res.writeHead(200, {
      'content-type': 'application/rss+xml; charset=utf-8',
      ...cacheHeaders({
        authenticated: !!ctx.token,
        status: 200,
        method: 'GET',
        uids: ctx.uids,
        cacheControl,
      }),
    });
    res.end(rssXml(`${origin.proto}://${origin.host}`, f.channel, f.items));
  }

  async function sitemap(req: IncomingMessage, res: ServerResponse, origin: PublicOrigin) {
    const ctx = { ...context(req), token: null };
    const r = await api(ctx, '/@search?b_size=1000&metadata_fields=modified', { anonymous: true });
    const items = Array.isArray(r.body?.items) ? r.body.items : [];
    const xml = sitemapXml(`${origin.proto}://${origin.host}`, items);
    res.writeHead(200, { 'content-type': 'application/xml; charset=utf-8', 'cache-control': cacheControl });
    res.end(xml);
  }

  const health = healthEndpoints(opts);
  const metrics = opts.metrics ?? true;
  const server = createServer((req, res) => {
    const origin = originOf(req);
    const path = (req.url ?? '/').split('?')[0];
    if (metrics) {
      if (path === '/metrics' && req.method === 'GET')
        return void serveMetrics(req, res, opts.metricsToken ?? '').catch(() => res.destroy());
      observeRequest(req, res, path);
    }
    if (health(req, res, path)) return;
    const done = (p: Promise<unknown> | undefined) =>
      p?.catch((err) => {
        log(`error on ${req.method} ${path}: ${(err as Error)?.message ?? err}`);
        // Never a stack trace to the visitor.
        if (!res.headersSent) send(res, 500, 'text/plain', 'Internal Server Error');
        else res.destroy();
      });
    if (path === '/++api++' || path.startsWith('/++api++/') || BINARY_VIEW.test(path))
      return proxy(req, res, opts.apiUrl, origin);
    if (serveStatic(req, res, clientDir, path)) return;
    if (path === '/robots.txt')
      return send(res, 200, 'text/plain; charset=utf-8', robotsTxt(`${origin.proto}://${origin.host}`));
    if (path === '/sitemap.xml') return done(sitemap(req, res, origin));
    if (path.endsWith('/ics_view') && req.method === 'GET')
      return done(ical(req, res, origin, path.slice(0, -'/ics_view'.length) || '/'));
    if (path.endsWith('/rss.xml') && req.method === 'GET')
      return done(feed(req, res, origin, path.slice(0, -'/rss.xml'.length) || '/'));
    return done(render(req, res, origin));
  });
  server.keepAliveTimeout = 65_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  const addr = server.address() as AddressInfo;
  const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  return {
    server,
    url: `http://${host}:${addr.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function dataTtlFromEnv(): number {
  const raw = process.env.TESSERA_FRONTEND_DATA_TTL;
  const seconds = raw === undefined || raw === '' ? 5 : Number(raw);
  if (!Number.isFinite(seconds) || seconds < 0 || seconds > 3600)
    throw new Error(`TESSERA_FRONTEND_DATA_TTL must be 0…3600 seconds, got ${JSON.stringify(raw)}`);
  return seconds * 1000;
}

function safeHost(origin: string): string | null {
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
}

/** The body of a form post (the login form), at most 64 kB; null when larger. */
async function readForm(req: IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 64 * 1024) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function send(res: ServerResponse, status: number, type: string, body: string) {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(body);
}
