// Calls the backend from server-side rendering. Requests go through Zope-style
// virtual hosting with a fixed origin, so every URL the backend builds starts
// with SSR_ORIGIN; that prefix is stripped from the JSON text in one pass, which
// leaves site-relative paths ("/news/doc") everywhere in the data.
import type { TesseraContext } from './context.js';

const SSR_HOST = 'tessera.frontend';
const SSR_ORIGIN = `http://${SSR_HOST}`;

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
  opts: { method?: string; body?: unknown; anonymous?: boolean } = {},
): Promise<ApiResult<T>> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (ctx.token && !opts.anonymous) headers.authorization = `Bearer ${ctx.token}`;
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(backendUrl(ctx.apiUrl, path), {
    method: opts.method ?? 'GET',
    headers,
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    redirect: 'manual',
  });
  const text = await res.text();
  // The backend names the content each response was built from (navigation,
  // breadcrumbs, listings…): the page depends on all of it.
  const keys = res.status === 200 ? res.headers.get('xkey') : null;
  if (keys) for (const uid of keys.split(' ')) if (uid) ctx.uids.add(uid);
  let body: any = null;
  if (text) {
    try {
      body = JSON.parse(relativise(text));
    } catch {
      body = null;
    }
  }
  return { status: res.status, body };
}

/** Adds the UID of every item in a list (search results, folder items) to the surrogate keys. */
export function addUids(ctx: TesseraContext, items: unknown): void {
  if (!Array.isArray(items)) return;
  for (const item of items) if (item && typeof item.UID === 'string') ctx.uids.add(item.UID);
}
