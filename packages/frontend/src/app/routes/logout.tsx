// Logout: tells the backend, then clears the cookie. POST only (a GET could be forged by an <img>).
import { type ActionFunctionArgs, redirect } from 'react-router';
import { api } from '../lib/api.server.js';

export async function action({ context }: ActionFunctionArgs) {
  if (context.tessera.token)
    await api(context.tessera, '/@logout', { method: 'POST' }).catch(() => undefined);
  context.tessera.setToken = null;
  throw redirect('/');
}

export async function loader() {
  throw redirect('/');
}
