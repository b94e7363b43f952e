// The login form's action: calls the backend's @login and keeps the token in an
// HttpOnly cookie (set by the server from ctx.setToken).
import { api } from '../lib/api.server.js';
import type { TesseraContext } from '../lib/context.js';
import { localPath } from '../lib/urls.js';
import { redirect } from '../router/responses.js';
import type { LoginData } from './login.js';

export function loginLoader(_ctx: TesseraContext, url: URL): LoginData {
  return { cameFrom: localPath(url.searchParams.get('came_from')), failed: false };
}

export async function loginAction(ctx: TesseraContext, form: URLSearchParams) {
  const login = form.get('login') ?? '';
  const password = form.get('password') ?? '';
  const cameFrom = localPath(form.get('came_from'));
  const res = await api(ctx, '/@login', { method: 'POST', body: { login, password }, anonymous: true });
  if (res.status !== 200 || typeof res.body?.token !== 'string')
    return { status: 401, data: { cameFrom, failed: true } satisfies LoginData };
  ctx.setToken = res.body.token;
  return redirect(cameFrom === '/login' ? '/' : cameFrom, 303);
}
