// @login, @login-renew, @logout: JWT authentication as plone.restapi does it.
// https://6.docs.plone.org/plone.restapi/docs/source/usage/authentication.html
import { badRequest, TesseraError } from '@tessera/core';
import type { ServiceRegistry } from '../registry.js';

function credentials(body: unknown): { login: string; password: string } {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw badRequest('Missing credentials.');
  const { login, password } = body as Record<string, unknown>;
  if (typeof login !== 'string' || typeof password !== 'string' || !login || !password)
    throw badRequest('Missing credentials: send "login" and "password" as strings.');
  if (login.length > 255 || password.length > 4096) throw badRequest('Credentials too long.');
  return { login, password };
}

export function registerLogin(services: ServiceRegistry) {
  services.add({
    method: 'POST',
    name: '@login',
    permission: 'View',
    writes: false,
    async handler({ site, body, tx }) {
      const { login, password } = credentials(body);
      const user = await site.auth.checkPassword(login, password, tx);
      if (!user)
        throw new TesseraError('Unauthorized', 'Wrong login and/or password.', {
          extra: { type: 'Invalid credentials' }, // plone.restapi's error type for a failed login
        });
      return { body: { token: site.tokens.issue(user.id, user.fullname) } };
    },
  });

  // Volto asks which external login providers exist; there are none built in.
  services.add({
    method: 'GET',
    name: '@login',
    permission: 'View',
    async handler() {
      return { body: { options: [] } };
    },
  });

  services.add({
    method: 'POST',
    name: '@login-renew',
    permission: 'View',
    writes: false,
    async handler({ site, principal }) {
      if (principal.id === null) throw new TesseraError('Unauthorized', 'Missing or invalid token.');
      return { body: { token: site.tokens.issue(principal.id, principal.fullname) } };
    },
  });

  services.add({
    method: 'POST',
    name: '@logout',
    permission: 'View',
    writes: false,
    async handler({ principal }) {
      if (principal.id === null) throw new TesseraError('BadRequest', 'You are not logged in.');
      // Clears the cookie Volto sets; token revocation comes with the security model.
      return {
        status: 204,
        headers: { 'Set-Cookie': 'auth_token=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax' },
      };
    },
  });
}
