// The content route's loader: traverses like Plone does (any path).
import type { TesseraContext } from '../lib/context.js';
import { loadPage, type PageData } from '../lib/page.server.js';

export function contentLoader(ctx: TesseraContext, url: URL): Promise<PageData> {
  const path = url.pathname.replace(/\/+$/, '') || '/';
  return loadPage(ctx, path, url);
}
