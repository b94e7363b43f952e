// Login form; the action calls the backend's @login and keeps the token in an
// HttpOnly cookie (set by the server from context.tessera.setToken).
import {
  type ActionFunctionArgs,
  data,
  Form,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
  useActionData,
  useSearchParams,
} from 'react-router';
import { api } from '../lib/api.server.js';
import { useT } from '../lib/i18n.js';
import { localPath } from '../lib/urls.js';

export const meta: MetaFunction = () => [{ title: 'Login' }, { name: 'robots', content: 'noindex' }];

export async function loader(_: LoaderFunctionArgs) {
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const login = String(form.get('login') ?? '');
  const password = String(form.get('password') ?? '');
  const cameFrom = localPath(form.get('came_from'));
  const res = await api(context.tessera, '/@login', {
    method: 'POST',
    body: { login, password },
    anonymous: true,
  });
  if (res.status !== 200 || typeof res.body?.token !== 'string')
    return data({ failed: true }, { status: 401 });
  context.tessera.setToken = res.body.token;
  throw redirect(cameFrom === '/login' ? '/' : cameFrom);
}

export default function Login() {
  const t = useT();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  return (
    <div className="login-page">
      <h1>{t('loginTitle')}</h1>
      {result?.failed && (
        <p role="alert" className="error">
          {t('loginFailed')}
        </p>
      )}
      <Form method="post" action="/login" className="login-form">
        <input type="hidden" name="came_from" value={localPath(params.get('came_from'))} />
        <p>
          <label htmlFor="login">{t('username')}</label>
          <input id="login" name="login" autoComplete="username" required />
        </p>
        <p>
          <label htmlFor="password">{t('password')}</label>
          <input id="password" name="password" type="password" autoComplete="current-password" required />
        </p>
        <button type="submit">{t('login')}</button>
      </Form>
    </div>
  );
}
