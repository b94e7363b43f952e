// @login, @login-renew, @logout: JWT authentication as plone.restapi does it.
// https://6.docs.plone.org/plone.restapi/docs/source/usage/authentication.html
//
// @login starts a login session (the token's `sid`) and also sets the token
// as the `auth_token` cookie (SameSite=Lax, the name Volto uses);
// @login-renew issues a fresh token in the same session; @logout ends the
// session (its tokens stop working in every process) and clears the cookie.
// A password change ends all sessions (the token generation).
import { badRequest, TesseraError, type WriteTx } from '@tessera/core';
import type { FastifyRequest } from 'fastify';
import { newSessionId } from '../../auth/tokens.js';
import type { ServiceRegistry } from '../registry.js';

function credentials(body: unknown): { login: string; password: string } {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw badRequest('Missing credentials.');
  const { login, password } = body as Record<string, unknown>;
  if (typeof login !== 'string' || typeof password !== 'string' || !login || !password)
    throw badRequest('Missing credentials: send "login" and "password" as strings.');
  if (login.length > 255 || password.length > 4096) throw badRequest('Credentials too long.');
  return { login, password };
}

function secure(req: FastifyRequest, trustProxy: boolean): boolean {
  const forwarded = req.headers['x-forwarded-proto'];
  const proto = trustProxy && typeof forwarded === 'string' ? forwarded.split(',')[0].trim() : req.protocol;
  return proto === 'https';
}

/** The auth_token cookie Volto reads; not HttpOnly because Volto's own code sets and clears it too. */
export function tokenCookie(token: string, maxAge: number, https: boolean): string {
  return `auth_token=${token}; Path=/; Max-Age=${maxAge}; SameSite=Lax${https ? '; Secure' : ''}`;
}

export function registerLogin(services: ServiceRegistry) {
  services.add({
    method: 'POST',
    name: '@login',
    permission: 'View',
    writes: false,
    async handler({ site, req, body, tx, afterCommit }) {
      const { login, password } = credentials(body);
      const user = await site.auth.checkPassword(login, password, {
        tx,
        address: site.auth.clientAddress({ headers: req.headers, address: req.ip }),
      });
      if (!user)
        throw new TesseraError('Unauthorized', 'Wrong login and/or password.', {
          extra: { type: 'Invalid credentials' }, // plone.restapi's error type for a failed login
        });
      afterCommit(() => site.auth.rehashIfNeeded(user, password));
      const token = site.tokens.issue(user, newSessionId());
      return {
        body: { token },
        headers: {
          'Set-Cookie': tokenCookie(token, site.config.tokenLifetime, secure(req, site.config.trustProxy)),
        },
      };
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
    async handler({ site, principal, tx, req }) {
      const user = principal.id === null ? undefined : await site.users.byId(principal.id, tx);
      if (!user) throw new TesseraError('Unauthorized', 'Missing or invalid token.');
      const token = site.auth.presentedToken(req.headers);
      const sid = (token && site.tokens.check(token)?.sid) || newSessionId();
      return { body: { token: site.tokens.issue(user, sid) } };
    },
  });

  services.add<WriteTx>({
    method: 'POST',
    name: '@logout',
    // Site administration, not an edit of the object: no lock check.
    locks: false,
    permission: 'View',
    async handler({ site, principal, tx, req, changedRegistry }) {
      if (principal.id === null) throw new TesseraError('BadRequest', 'You are not logged in.');
      const token = site.auth.presentedToken(req.headers);
      const claims = token ? site.tokens.check(token) : null;
      if (claims && claims.sub === principal.id) {
        const expires = new Date((claims.exp ?? Date.now() / 1000 + site.config.tokenLifetime) * 1000);
        await tx.revokeSession({ sid: claims.sid, userId: principal.id, expires: expires.toISOString() });
        changedRegistry.users = true;
      }
      return {
        status: 204,
        headers: { 'Set-Cookie': tokenCookie('', 0, secure(req, site.config.trustProxy)) },
      };
    },
  });
}
