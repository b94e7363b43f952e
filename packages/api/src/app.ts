// The Fastify backend. One catch-all route does Plone-style traversal and
// dispatches to services by (method, @name); /ok and /ready are for load
// balancers and orchestrators.

import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { Readable } from 'node:stream';
import { type Config, can, type ReadTx, type Storage, TesseraError } from '@tessera/core';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  LogController,
} from 'fastify';
import { refusal } from './access.js';
import { Authenticator } from './auth/authenticate.js';
import { renderError } from './errors.js';
import { cacheKeyFor, createFastPath } from './fast-path.js';
import { FormBody } from './form-body.js';
import { encodeJsonChunks } from './frozen-json.js';
import { registerJsonParser } from './json-body.js';
import { assertUnlocked, locksByDefault, requestLockToken } from './locking.js';
import { recordRequest, registerGauge, registerSiteMetrics, serveMetrics } from './metrics/index.js';
import { enableMultilingual } from './multilingual/language-roots.js';
import { ALL, purgerFromConfig } from './purge/index.js';
import { RawBody } from './raw-body.js';
import { Redirect, redirectFor } from './redirects.js';
import { registerAllServices } from './services/index.js';
import { type Reply, type ServiceContext, ServiceRegistry, type Staged } from './services/registry.js';
import { Site } from './site.js';
import { surrogateKeyHeaders } from './surrogate-keys.js';
import { scheduleTrashPurge } from './trash/purge-schedule.js';
import { traverse } from './traversal.js';

export interface AppOptions {
  config: Config;
  storage: Storage;
  logger: FastifyBaseLogger;
  /** True once a graceful stop began: /ready then answers 503 (docs/operations.md). */
  draining?: () => boolean;
}

export interface TesseraApp {
  app: FastifyInstance;
  site: Site;
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

export async function buildApp(opts: AppOptions): Promise<TesseraApp> {
  const { config, storage } = opts;
  // Cached GETs are answered before Fastify sees them (fast-path.ts); the
  // site and services it needs are filled in below, before listening.
  let fastPath: ReturnType<typeof createFastPath> | undefined;
  const app = Fastify({
    serverFactory: (handler) =>
      createServer((req, res) => {
        if (config.metrics && req.url === '/metrics' && req.method === 'GET') {
          serveMetrics(req, res, config.metricsToken).catch(() => res.destroy());
          return;
        }
        if (!fastPath) return handler(req, res);
        // Requests are counted where they end: here for the fast path, in onResponse for Fastify's.
        const started = config.metrics ? performance.now() : 0;
        fastPath(req, res).then(
          (served) => {
            if (!served) handler(req, res);
            else if (config.metrics)
              recordRequest(req.method, req.url, res.statusCode, (performance.now() - started) / 1000);
          },
          () => handler(req, res),
        );
      }),
    loggerInstance: opts.logger,
    bodyLimit: config.bodyLimit,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.-]{1,64}$/.test(given) ? given : randomUUID();
    },
    logController: new LogController({ requestIdLogLabel: 'reqId', disableRequestLogging: true }),
    return503OnClosing: true,
    routerOptions: { maxParamLength: 2048, ignoreDuplicateSlashes: true },
  });
  const site = new Site(config, storage, app.log);
  await site.load();
  await enableMultilingual(site);
  const services = new ServiceRegistry();
  registerAllServices(services);
  const auth = new Authenticator(site);
  site.auth = auth;
  fastPath = createFastPath(site, services);
  // Caches in front (Varnish, a CDN) are purged by UID after each commit.
  const purger = purgerFromConfig(config, app.log);
  const stopTrashPurge = scheduleTrashPurge(config, storage, app.log);
  app.addHook('onClose', async () => {
    stopTrashPurge();
    await purger.close();
  });
  if (config.metrics) {
    registerSiteMetrics(site);
    registerGauge({
      name: 'tessera_purge_queue_length',
      help: 'Cache tags waiting to be purged, summed over the purge targets',
      read: () => Object.values(purger.pending()).reduce((a, b) => a + b, 0),
    });
  }

  registerJsonParser(app);

  app.setErrorHandler((err, req, reply) => {
    if (err instanceof TesseraError && err.headers) reply.headers(err.headers);
    const { status, body } = renderError(err);
    // An unreachable database is an outage, not a bug: one warning line per request, no stack.
    if (status === 503)
      req.log.warn({ cause: String((err as Error).cause ?? err) }, 'request refused: database unavailable');
    else if (status >= 500) req.log.error({ err }, 'request failed');
    else req.log.info({ status, type: (body as any).error?.type ?? (body as any).type }, 'request refused');
    reply.code(status).type('application/json').send(JSON.stringify(body));
  });
  app.setNotFoundHandler((_req, reply) => {
    reply.code(404).send({ type: 'NotFound', message: 'Resource not found' });
  });

  app.addHook('onResponse', (req, reply, done) => {
    if (config.metrics) recordRequest(req.method, req.url, reply.statusCode, reply.elapsedTime / 1000);
    req.log.info(
      { method: req.method, url: req.url, status: reply.statusCode, ms: reply.elapsedTime },
      'request',
    );
    done();
  });

  // Liveness for load balancers: never touches the database.
  app.get('/ok', (_req, reply) => {
    reply.type('text/plain').send('OK');
  });
  // Readiness: fails while the database is unreachable.
  app.get('/ready', async (req, reply) => {
    // A stopping process leaves the load balancer's rotation before it stops accepting.
    if (opts.draining?.()) return reply.code(503).type('text/plain').send('DRAINING');
    try {
      await storage.ping();
      reply.type('text/plain').send('READY');
    } catch (err) {
      req.log.warn({ err }, 'database unreachable');
      reply.code(503).type('text/plain').send('DATABASE UNAVAILABLE');
    }
  });

  async function dispatch(req: FastifyRequest, reply: FastifyReply) {
    const rawPath = req.url.split('?', 1)[0];
    const t = traverse(
      {
        path: rawPath,
        host: req.headers.host,
        protocol: req.protocol,
        forwardedHost: req.headers['x-forwarded-host'] as string | undefined,
        forwardedProto: req.headers['x-forwarded-proto'] as string | undefined,
      },
      site.mount,
      config.trustProxy,
    );
    // HEAD and OPTIONS are answered generically unless a service claims them (TUS).
    let method = req.method;
    if (method === 'HEAD' && !services.find('HEAD', t.service)) method = 'GET';
    if (method === 'OPTIONS' && !services.find('OPTIONS', t.service)) {
      return reply
        .code(204)
        .header('Allow', services.allowedMethods(t.service).join(', ') || 'GET')
        .send();
    }
    const svc = services.find(method, t.service);
    if (!svc) {
      if (services.knows(t.service)) {
        const allowed = services.allowedMethods(t.service);
        reply.header('Allow', allowed.join(', '));
        throw new TesseraError('MethodNotAllowed', `Method ${method} is not allowed here.`, {
          extra: { allowed },
        });
      }
      throw notFoundAt(t.urls.url(t.contentPath), t.service, t.urls.siteUrl);
    }
    if (t.serviceArgs.length && !svc.takesArgs)
      throw notFoundAt(t.urls.url(t.contentPath), t.service, t.urls.siteUrl);
    let reqBody: unknown = req.body;
    if (reqBody instanceof RawBody && !svc.stage) {
      reqBody.stream.resume(); // discard the body
      if (!svc.acceptsForm || !reqBody.contentType.startsWith('multipart/form-data'))
        throw new TesseraError('UnsupportedMediaType', 'Unsupported Content-Type; send application/json.');
      reqBody = await reqBody.form(config.bodyLimit);
    }
    if (reqBody instanceof FormBody && !svc.acceptsForm)
      throw new TesseraError('UnsupportedMediaType', 'Unsupported Content-Type; send application/json.');

    // Catch up with other processes' commits before reading anything.
    const startTid = await site.sync();
    const principal = await auth.authenticate({ method, headers: req.headers, address: req.ip });

    const writes = svc.writes ?? !SAFE.has(method);
    const cacheable = !writes && svc.cacheable === true;
    let cacheKey = '';
    if (cacheable) {
      cacheKey = cacheKeyFor(principal, t, req.url.slice(rawPath.length + 1));
      const hit = site.cache.get(cacheKey);
      if (hit) {
        if (hit.keys) reply.headers(hit.keys);
        return sendJson(req, reply, 200, hit.body, hit.etag);
      }
    }

    // Nothing at the path: an old URL redirects (redirects.ts), else 404.
    const missing = async (tx: ReadTx) =>
      (await redirectFor(tx, t, req, principal)) ??
      notFoundAt(t.urls.url(t.contentPath), null, t.urls.siteUrl);

    // Uploads: the permission is checked first, then the body streams in
    // before the transaction opens.
    let staged: Staged | undefined;
    if (svc.stage && (!svc.stageOnlyUploads || reqBody instanceof RawBody)) {
      const content = await storage
        .read(async (tx) => {
          const found = await tx.byPath(t.contentPath);
          if (!found) throw await missing(tx);
          if (!can(principal, svc.permission, found)) throw refusal(principal, t.urls.url(t.contentPath));
          if (writes) checkIfMatch(req.headers['if-match'], found.tid);
          return found;
        })
        .catch((err) => {
          if (err instanceof Redirect) return err;
          throw err;
        });
      if (content instanceof Redirect)
        return reply.code(content.status).header('Location', content.location).send();
      staged = await svc.stage({
        site,
        req,
        log: req.log,
        principal,
        content,
        args: t.serviceArgs,
        urls: t.urls,
        query: req.query as ServiceContext['query'],
        body: reqBody,
      });
      if (staged.reply) return sendReply(req, reply, staged.reply);
    }

    const touched = new Set<string>();
    const cacheBounds = { until: Number.POSITIVE_INFINITY };
    const changedRegistry: ServiceContext['changedRegistry'] = {};
    const afterCommit: Array<() => Promise<void>> = [];
    let txTid = 0;
    const run = async (tx: any) => {
      // A write that lost a race runs again as a whole (KyselyStorage.write):
      // start from nothing each time.
      touched.clear();
      afterCommit.length = 0;
      for (const k of Object.keys(changedRegistry)) delete changedRegistry[k as keyof typeof changedRegistry];
      cacheBounds.until = Number.POSITIVE_INFINITY;
      if (writes) txTid = tx.tid;
      const content = await tx.byPath(t.contentPath);
      if (!content) throw await missing(tx);
      // Every service declares its permission; it is checked on the context
      // object (global + local roles against its workflow state's map).
      if (!can(principal, svc.permission, content)) throw refusal(principal, t.urls.url(t.contentPath));
      if (writes) checkIfMatch(req.headers['if-match'], content.tid);
      // Edit locks (@lock): one check for every write service that does not opt out.
      if (writes && (svc.locks ?? locksByDefault(method, svc.name)))
        await assertUnlocked(tx, content, principal, requestLockToken(req.headers));
      const ctx: ServiceContext<any> = {
        site,
        req,
        log: req.log,
        principal,
        tx,
        content,
        args: t.serviceArgs,
        urls: t.urls,
        query: req.query as ServiceContext['query'],
        body: reqBody,
        touched,
        changedRegistry,
        cacheBounds,
        afterCommit: (fn) => afterCommit.push(fn),
        staged: staged?.value,
      };
      return svc.handler(ctx);
    };
    let result: Reply;
    try {
      result = writes
        ? await storage.write({ principal: principal.id, path: t.contentPath, note: '' }, run)
        : await storage.read(run);
    } catch (err) {
      await staged?.discard?.();
      if (err instanceof Redirect) return reply.code(err.status).header('Location', err.location).send();
      throw err;
    }

    if (writes) {
      // This process's own write is visible at once; sync() confirms it later.
      site.cache.changed(touched, txTid);
      if (changedRegistry.types || changedRegistry.settings || changedRegistry.users) {
        site.cache.changedEverything(txTid);
        await storage.read(async (tx) => {
          if (changedRegistry.types) await site.reloadTypes(tx);
          if (changedRegistry.settings) await site.reloadSettings(tx);
        });
        if (changedRegistry.users) site.users.invalidate();
      }
      // Queued, not awaited: the purge goes out after this reply.
      if (purger.enabled) {
        const everything = changedRegistry.types || changedRegistry.settings || changedRegistry.users;
        purger.purge(everything ? [ALL] : touched);
      }
    }
    for (const fn of afterCommit) await fn();

    if (result.body === undefined || result.stream) return sendReply(req, reply, result);
    for (const [k, v] of Object.entries(result.headers ?? {})) reply.header(k, v);
    const status = result.status ?? 200;
    const encoded = encodeJsonChunks(result.body);
    // Which content this response shows, for proxies that purge by tag.
    const keys = !writes && status === 200 && result.deps ? surrogateKeyHeaders(result.deps) : undefined;
    if (keys) reply.headers(keys);
    const etag = `W/"${result.version ?? (writes ? txTid : startTid)}-${encoded.digest.slice(0, 16)}"`;
    const keep = cacheable && status === 200 && result.deps && encoded.length <= site.cache.maxEntryBytes;
    if (encoded.chunks.length > 1 && !keep) {
      // A body around a large shared part (a deep navigation tree): written
      // chunk by chunk, the part's cached bytes never copied.
      reply.header('ETag', etag);
      if (status === 200 && req.headers['if-none-match'] === etag) return reply.code(304).send();
      reply.header('content-length', String(encoded.length));
      return reply
        .code(status)
        .type(result.contentType ?? 'application/json')
        .send(Readable.from(encoded.chunks, { objectMode: false }));
    }
    const body = encoded.chunks.length === 1 ? encoded.chunks[0]! : Buffer.concat(encoded.chunks);
    if (keep && result.deps) {
      site.cache.set(cacheKey, {
        body,
        etag,
        tid: startTid,
        deps: result.deps,
        until: cacheBounds.until,
        keys,
      });
    }
    return sendJson(req, reply, status, body, etag, result.contentType);
  }

  app.all('/*', dispatch);
  app.all('/', dispatch);
  return { app, site };
}

/** A reply with no body, a stream or a buffer; JSON bodies go through the dispatcher's encoder. */
function sendReply(_req: FastifyRequest, reply: FastifyReply, result: Reply) {
  for (const [k, v] of Object.entries(result.headers ?? {})) reply.header(k, v);
  const status = result.status ?? 200;
  if (result.body === undefined) return reply.code(status).send();
  if (result.stream) {
    // Returning the reply tells Fastify the (async) handler has answered.
    return reply.code(status).send(result.body);
  }
  return reply
    .code(status)
    .type(result.contentType ?? 'application/json')
    .send(JSON.stringify(result.body));
}

function sendJson(
  req: FastifyRequest,
  reply: FastifyReply,
  status: number,
  body: Buffer,
  etag: string,
  contentType = 'application/json',
) {
  reply.header('ETag', etag);
  if (status === 200 && req.headers['if-none-match'] === etag) return reply.code(304).send();
  return reply.code(status).type(contentType).send(body);
}

/**
 * If-Match on writes: the ETag of a GET carries the object's version (its
 * last tid) before the dash; a write against an older version is refused.
 */
function checkIfMatch(header: string | undefined, version: number) {
  if (!header || header.trim() === '*') return;
  const versions = header.split(',').map((tag) => /^\s*(?:W\/)?"(\d+)-/.exec(tag)?.[1]);
  if (!versions.includes(String(version)))
    throw new TesseraError(
      'PreconditionFailed',
      'The object was changed since you read it (If-Match does not match).',
    );
}

/** plone.restapi's traversal 404: flat {type, message, context}. */
function notFoundAt(url: string, service: string | null, siteUrl: string) {
  const target = service ? `${url}/${service}` : url;
  return new TesseraError('NotFound', `Resource not found: ${target}`, { extra: { context: siteUrl } });
}
