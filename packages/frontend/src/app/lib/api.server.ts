// Calls the backend from server-side rendering. Requests go through Zope-style
// virtual hosting with a fixed origin, so every URL the backend builds starts
// with SSR_ORIGIN; that prefix is stripped from the JSON text in one pass, which
// leaves site-relative paths ("/news/doc") everywhere in the data.
//
// Plain node:http(s) with a keep-alive agent rather than fetch(): a page makes
// several backend calls, and undici's fetch spends more CPU per call on
// Request/Headers/stream objects than the call itself needs (profiled under load).
import http from 'node:http';
import https from 'node:https';
import type { TesseraContext } from './context.js';
import type { CachedAnswer } from './data-cache.server.js';

const SSR_HOST = 'tessera.frontend';
const SSR_ORIGIN = `http://${SSR_HOST}`;
/** Backend answers larger than this are refused: SSR holds them in memory. */
const MAX_BODY = 20 * 1024 * 1024;
const TIMEOUT_MS = 30_000;

const agents = {
  'http:': new http.Agent({ keepAlive: true, maxSockets: 64, maxFreeSockets: 32 }),
  'https:': new https.Agent({ keepAlive: true, maxSockets: 64, maxFreeSockets: 32 }),
};

export interface ApiResult<T = any> {
  status: number;
  body: T;
}

export function backendUrl(apiUrl: string, path: string): string {
  const clean = path.startsWith('/') ? path : `/${path}`;
  return `${apiUrl.replace(/\/$/, '')}/VirtualHostBase/http/${SSR_HOST}:80/++api++/VirtualHostRoot${clean}`;
}

export function relativise(json: string): string {
  return json.replaceAll(`"${SSR_ORIGIN}"`, '"/"').replaceAll(`${SSR_ORIGIN}/`, '/');
}

export async function api<T = any>(
  ctx: TesseraContext,
  path: string,
  opts: { method?: string; body?: unknown; anonymous?: boolean; shared?: boolean } = {},
): Promise<ApiResult<T>> {
  const token = opts.anonymous ? null : ctx.token;
  const method = opts.method ?? 'GET';
  // Answers many pages share (`shared`: navigation, navroot, listing and teaser
  // queries) come from the short-lived cache for anonymous visitors. Queries are
  // reads even when POSTed (@querystring-search): the body is part of the key.
  const answer =
    opts.shared && !token && ctx.cache
      ? await ctx.cache.get(
          `${method} ${path} ${opts.body === undefined ? '' : JSON.stringify(opts.body)}`,
          () => call(ctx.apiUrl, path, method, token, opts.body),
        )
      : await call(ctx.apiUrl, path, method, token, opts.body);
  // The backend names the content each response was built from (navigation,
  // breadcrumbs, listings…): the page depends on all of it.
  for (const uid of answer.keys) ctx.uids.add(uid);
  return { status: answer.status, body: answer.body as T };
}

function call(
  apiUrl: string,
  path: string,
  method: string,
  token: string | null,
  body: unknown,
): Promise<CachedAnswer> {
  const url = new URL(backendUrl(apiUrl, path));
  const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
  const headers: Record<string, string> = { accept: 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  if (payload) {
    headers['content-type'] = 'application/json';
    headers['content-length'] = String(payload.length);
  }
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.request(
      url,
      { method, headers, agent: agents[url.protocol === 'https:' ? 'https:' : 'http:'], timeout: TIMEOUT_MS },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size > MAX_BODY) {
            req.destroy(new Error(`backend answer for ${path} exceeds ${MAX_BODY} bytes`));
            return;
          }
          chunks.push(c);
        });
        res.on('error', reject);
        res.on('end', () => {
          const status = res.statusCode ?? 502;
          const text = Buffer.concat(chunks).toString('utf8');
          const xkey = status === 200 ? res.headers.xkey : undefined;
          const keys = typeof xkey === 'string' ? xkey.split(' ').filter(Boolean) : [];
          let parsed: unknown = null;
          if (text) {
            try {
              parsed = JSON.parse(relativise(text));
            } catch {
              parsed = null;
            }
          }
          resolve({ status, body: parsed, keys });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`backend timeout for ${path}`)));
    req.on('error', reject);
    req.end(payload);
  });
}

/** Adds the UID of every item in a list (search results, folder items) to the surrogate keys. */
export function addUids(ctx: TesseraContext, items: unknown): void {
  if (!Array.isArray(items)) return;
  for (const item of items) if (item && typeof item.UID === 'string') ctx.uids.add(item.UID);
}
