// CSRF defence for cookie authentication. A browser attaches the auth_token
// cookie to cross-site requests too; a Bearer or Basic header it never adds
// by itself. So a state-changing request authenticated by the cookie alone
// must come from a page of this site: its Origin (or, lacking one, its
// Referer) must name the request's own host or a configured trusted origin.
// The cookie is also set SameSite=Lax (services/login).
// https://cheatsheetseries.owasp.org/cheatsheets/Cross-Site_Request_Forgery_Prevention_Cheat_Sheet.html
import type { IncomingHttpHeaders } from 'node:http';
import { TesseraError } from '@tessera/core';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

function originOf(url: string): string | undefined {
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? `${u.protocol}//${u.host}` : undefined;
  } catch {
    return undefined;
  }
}

export function checkCsrf(
  method: string | undefined,
  headers: IncomingHttpHeaders,
  opts: { trustProxy: boolean; trustedOrigins: readonly string[] },
) {
  if (!method || SAFE.has(method.toUpperCase())) return;
  const claimed = one(headers.origin) ?? one(headers.referer);
  const origin = claimed && claimed !== 'null' ? originOf(claimed) : undefined;
  if (origin) {
    const host = new URL(origin).host.toLowerCase().replace(/:(80|443)$/, '');
    const forwarded = opts.trustProxy ? one(headers['x-forwarded-host'])?.split(',')[0]?.trim() : undefined;
    // URL drops a default port from the origin; drop it from the Host too.
    const own = (forwarded || one(headers.host) || '').toLowerCase().replace(/:(80|443)$/, '');
    if (host === own || opts.trustedOrigins.some((o) => o.toLowerCase() === origin.toLowerCase())) return;
  }
  throw new TesseraError(
    'Forbidden',
    'Cross-site request refused: a write authenticated by the auth_token cookie needs an Origin or Referer of this site (or send the token as "Authorization: Bearer").',
  );
}
