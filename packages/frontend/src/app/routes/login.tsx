// The login form. It posts to the server (no JavaScript needed); the answer
// sets the auth cookie and redirects, or shows the form again with an error.
import { useT } from '../lib/i18n.js';
import { usePageData } from '../router/state.js';

export interface LoginData {
  cameFrom: string;
  failed: boolean;
}

export default function Login() {
  const t = useT();
  const data = usePageData<LoginData>();
  return (
    <div className="login-page">
      <h1>{t('loginTitle')}</h1>
      {data.failed && (
        <p role="alert" className="error">
          {t('loginFailed')}
        </p>
      )}
      <form method="post" action="/login" className="login-form">
        <input type="hidden" name="came_from" value={data.cameFrom} />
        <p>
          <label htmlFor="login">{t('username')}</label>
          <input id="login" name="login" autoComplete="username" required />
        </p>
        <p>
          <label htmlFor="password">{t('password')}</label>
          <input id="password" name="password" type="password" autoComplete="current-password" required />
        </p>
        <button type="submit">{t('login')}</button>
      </form>
    </div>
  );
}
