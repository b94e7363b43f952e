// Forwards browser API calls (/++api++/…) and binary views (@@images,
// @@download) to the backend, streaming both ways. The backend sees Zope's
// virtual-hosting path, so the URLs it builds point at this server.
import { request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { AUTH_COOKIE, readCookie } from './cookies.js';

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'host',
]);

export interface PublicOrigin {
  proto: 'http' | 'https';
  host: string;
}

/** The backend path for a request path, e.g. /++api++/news → /VirtualHostBase/http/h:3000/++api++/VirtualHostRoot/news. */
export function virtualHostPath(origin: PublicOrigin, path: string): string {
  const port = origin.host.includes(':')
    ? origin.host
    : `${origin.host}:${origin.proto === 'https' ? 443 : 80}`;
  const rest = path.replace(/^\/\+\+api\+\+/, '') || '/';
  return `/VirtualHostBase/${origin.proto}/${port}/++api++/VirtualHostRoot${rest.startsWith('/') ? rest : `/${rest}`}`;
}

export function proxy(req: IncomingMessage, res: ServerResponse, apiUrl: string, origin: PublicOrigin): void {
  const target = new URL(apiUrl);
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined && !HOP_BY_HOP.has(name)) headers[name] = value;
  }
  // The token cookie is HttpOnly, so browser code cannot send it as a header:
  // add it here, but only for same-origin requests (a cross-site page must
  // not act with the visitor's login).
  const token = readCookie(req.headers.cookie, AUTH_COOKIE);
  const site = req.headers['sec-fetch-site'];
  const sameOrigin = site === undefined || site === 'same-origin' || site === 'none';
  if (token && !headers.authorization && sameOrigin) headers.authorization = `Bearer ${token}`;
  const base = target.pathname.replace(/\/$/, '');
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  const upstream = send(
    {
      protocol: target.protocol,
      hostname: target.hostname,
      port: target.port,
      method: req.method,
      path: base + virtualHostPath(origin, req.url ?? '/'),
      headers,
    },
    (up) => {
      res.writeHead(up.statusCode ?? 502, up.statusMessage, filterHeaders(up.headers));
      up.pipe(res);
    },
  );
  upstream.on('error', () => {
    if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
    res.end('Bad gateway');
  });
  req.pipe(upstream);
}

function filterHeaders(headers: IncomingMessage['headers']) {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !HOP_BY_HOP.has(name)) out[name] = value;
  }
  return out;
}
