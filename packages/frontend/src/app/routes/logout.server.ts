// Logout: tells the backend, then clears the cookie. POST only (a GET could be
// forged by an <img>); a GET just goes home.
import { api } from '../lib/api.server.js';
import type { TesseraContext } from '../lib/context.js';
import { Redirect, redirect } from '../router/responses.js';

export async function logoutAction(ctx: TesseraContext): Promise<Redirect> {
  if (ctx.token) await api(ctx, '/@logout', { method: 'POST' }).catch(() => undefined);
  ctx.setToken = null;
  return redirect('/', 303);
}

export const logoutLoader = (): Redirect => new Redirect('/');
