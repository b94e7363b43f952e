// Server-side rendering of one page request: runs the route's loader (or the
// login/logout action) beside the root loader, then answers the whole HTML
// document, or for a client navigation (`/_data/<path>`) the page data as
// JSON. The Node server (src/server/index.ts) adds cookies and cache headers.
import { api } from './lib/api.server.js';
import { userFromToken } from './lib/auth.server.js';
import type { TesseraContext } from './lib/context.js';
import { navigationData } from './lib/navigation-data.js';
import { escapeHtml, headHtml } from './router/head.js';
import { renderToHtml } from './router/render.server.js';
import { PageError, Redirect } from './router/responses.js';
import { routeOf } from './router/routes.js';
import { langOf, type PageState, type RootData, type RouteId, RouterContext } from './router/state.js';
import { contentLoader } from './routes/content.server.js';
import { loginAction, loginLoader } from './routes/login.server.js';
import { logoutAction, logoutLoader } from './routes/logout.server.js';
import { searchLoader } from './routes/search.server.js';
import { headOf, Shell } from './shell.js';

export interface PageRequest {
  method: string;
  /** The page's URL (its public origin, path and query). */
  url: URL;
  /** The decoded form body of a POST. */
  form?: URLSearchParams;
  /** A client navigation: answer the page data as JSON, not HTML. */
  data: boolean;
}

export interface PageResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** The built browser files the document links (from Vite's manifest). */
export interface ClientAssets {
  entry: string;
  css: string[];
  preload: string[];
}

interface Loaded {
  route: RouteId;
  status: number;
  data: any;
}

async function rootLoader(ctx: TesseraContext): Promise<RootData> {
  const [nav, root] = await Promise.all([
    api(ctx, '/@navigation?expand.navigation.depth=2', { shared: true }),
    api(ctx, '/@navroot', { shared: true }),
  ]);
  return {
    nav: navigationData(nav.body?.items),
    siteTitle: String(root.body?.navroot?.title ?? root.body?.title ?? 'Tessera'),
    user: userFromToken(ctx.token),
    lang: ctx.defaultLang,
  };
}

/** The route's loader or action; a Redirect or PageError comes back as a value. */
async function load(ctx: TesseraContext, req: PageRequest): Promise<Loaded | Redirect> {
  const path = routeOf(req.url.pathname);
  try {
    if (req.method === 'POST') {
      if (path === 'login') {
        const r = await loginAction(ctx, req.form ?? new URLSearchParams());
        return r instanceof Redirect ? r : { route: 'login', ...r };
      }
      if (path === 'logout') return await logoutAction(ctx);
      return { route: 'error', status: 405, data: null };
    }
    switch (path) {
      case 'login':
        return { route: 'login', status: 200, data: loginLoader(ctx, req.url) };
      case 'logout':
        return logoutLoader();
      case 'search':
        return { route: 'search', status: 200, data: await searchLoader(ctx, req.url) };
      default:
        return { route: 'content', status: 200, data: await contentLoader(ctx, req.url) };
    }
  } catch (err) {
    if (err instanceof Redirect) return err;
    if (err instanceof PageError) return { route: 'error', status: err.status, data: null };
    throw err;
  }
}

export async function handlePage(
  ctx: TesseraContext,
  req: PageRequest,
  assets: ClientAssets,
  log: (msg: string) => void,
): Promise<PageResponse> {
  // A client navigation keeps the root data it has: no navigation calls.
  const rootPromise = req.data
    ? undefined
    : rootLoader(ctx).catch((err): RootData => {
        // The page still renders (its own loader reports what is wrong), without navigation.
        log(`navigation unavailable: ${(err as Error)?.message ?? err}`);
        return { nav: [], siteTitle: 'Tessera', user: userFromToken(ctx.token), lang: ctx.defaultLang };
      });
  let loaded: Loaded | Redirect;
  try {
    loaded = await load(ctx, req);
  } catch (err) {
    log(`page error on ${req.url.pathname}: ${(err as Error)?.message ?? err}`);
    loaded = { route: 'error', status: 500, data: null };
  }
  if (loaded instanceof Redirect) {
    if (req.data) return json(200, { redirect: loaded.location });
    return { status: loaded.status, headers: { location: loaded.location }, body: '' };
  }
  if (req.data) return json(loaded.status, loaded);
  const root = await rootPromise!;
  const state: PageState = {
    ...loaded,
    root,
    location: { pathname: req.url.pathname, search: req.url.search, hash: '' },
  };
  const app = await renderToHtml(
    <RouterContext.Provider value={{ state, navigate: () => {} }}>
      <Shell />
    </RouterContext.Provider>,
    (err) => log(`render error: ${(err as Error)?.message ?? err}`),
  );
  return {
    status: state.status,
    headers: { 'content-type': 'text/html; charset=utf-8' },
    body: documentHtml(state, app, assets),
  };
}

function json(status: number, value: unknown): PageResponse {
  return { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(value) };
}

/** JSON inside <script>: no `<` may appear, or `</script>` in content would end it. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

function documentHtml(state: PageState, app: string, assets: ClientAssets): string {
  const links =
    assets.css.map((href) => `<link rel="stylesheet" href="${escapeHtml(href)}">`).join('') +
    assets.preload.map((href) => `<link rel="modulepreload" href="${escapeHtml(href)}">`).join('');
  return (
    `<!DOCTYPE html><html lang="${escapeHtml(langOf(state))}"><head><meta charset="utf-8">` +
    '<meta name="viewport" content="width=device-width, initial-scale=1">' +
    headHtml(headOf(state)) +
    '<link rel="icon" href="/favicon.svg" type="image/svg+xml">' +
    links +
    `<script type="module" src="${escapeHtml(assets.entry)}"></script></head>` +
    `<body><div id="app">${app}</div>` +
    `<script id="tessera-state" type="application/json">${scriptJson(state)}</script></body></html>`
  );
}
