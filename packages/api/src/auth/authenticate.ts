// Turns a request's credentials into a Principal: a Bearer token or the
// `auth_token` cookie (JWT from @login), or HTTP Basic. Invalid credentials
// leave the request anonymous, as Plone's PAS does; a protected resource then
// answers 401.
//
// scrypt is deliberately slow, so a verified Basic header is remembered for a
// minute (sliding) while the user record stays the same (a password change
// reloads it and so ends the memory); concurrent checks of the same
// credentials share one scrypt run.
import { createHash } from 'node:crypto';
import { ANONYMOUS, type Principal, type ReadTx, type UserRecord } from '@tessera/core';
import type { Site } from '../site.js';
import { verifyPassword } from './passwords.js';

const BASIC_TTL_MS = 60_000;
const MAX_REMEMBERED = 10_000;

export function principalOf(user: UserRecord): Principal {
  return {
    id: user.id,
    fullname: user.fullname,
    roles: new Set([...user.roles, 'Authenticated']),
    groups: new Set(['AuthenticatedUsers']),
  };
}

function cookieToken(header: string | undefined): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === 'auth_token') return v.join('=');
  }
  return undefined;
}

function login(authorization: string): string {
  const decoded = Buffer.from(authorization.slice(6).trim(), 'base64').toString('utf8');
  return decoded.slice(0, Math.max(0, decoded.indexOf(':')));
}

export class Authenticator {
  /**
   * Authorization header → principal, for headers verified in the last minute.
   * Valid only while the user record is the same object (any user change
   * reloads the directory), so a password change or deletion ends it.
   */
  private readonly recentBasic = new Map<
    string,
    { login: string; user: UserRecord; principal: Principal; until: number }
  >();
  /** Checks under way, shared so that a burst of requests runs scrypt once. */
  private readonly inFlight = new Map<string, Promise<boolean>>();

  constructor(private readonly site: Site) {}

  async authenticate(headers: { authorization?: string; cookie?: string }): Promise<Principal> {
    const auth = headers.authorization;
    if (auth?.startsWith('Bearer ')) return this.fromToken(auth.slice(7).trim());
    if (auth?.startsWith('Basic ')) {
      // Hot path: the same client sends the same header on every request.
      const known = this.recentBasic.get(auth);
      const now = Date.now();
      if (known && known.until > now && this.site.users.peekLogin(known.login) === known.user) {
        known.until = now + BASIC_TTL_MS; // sliding: a busy client never meets a cold check
        return known.principal;
      }
      const principal = await this.fromBasic(auth.slice(6).trim());
      if (principal.id !== null) {
        if (this.recentBasic.size >= MAX_REMEMBERED) this.recentBasic.clear();
        const user = this.site.users.peekLogin(login(auth));
        if (user)
          this.recentBasic.set(auth, {
            login: user.login,
            user,
            principal,
            until: Date.now() + BASIC_TTL_MS,
          });
      }
      return principal;
    }
    const cookie = cookieToken(headers.cookie);
    if (cookie) return this.fromToken(cookie);
    return ANONYMOUS;
  }

  private async fromToken(token: string): Promise<Principal> {
    const claims = this.site.tokens.check(token);
    if (!claims) return ANONYMOUS;
    const user = await this.site.users.byId(claims.sub);
    return user ? principalOf(user) : ANONYMOUS;
  }

  private async fromBasic(encoded: string): Promise<Principal> {
    const decoded = Buffer.from(encoded, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return ANONYMOUS;
    const login = decoded.slice(0, colon);
    const password = decoded.slice(colon + 1);
    const user = await this.checkPassword(login, password);
    return user ? principalOf(user) : ANONYMOUS;
  }

  /** The user whose login and password these are, or undefined (costs one scrypt). */
  async checkPassword(login: string, password: string, tx?: ReadTx): Promise<UserRecord | undefined> {
    const user = await this.site.users.byLogin(login, tx);
    if (!user) return undefined;
    const key = createHash('sha256')
      .update(login)
      .update('\0')
      .update(password)
      .update('\0')
      .update(user.passwordHash)
      .digest('base64');
    let check = this.inFlight.get(key);
    if (!check) {
      check = verifyPassword(password, user.passwordHash).finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, check);
    }
    return (await check) ? user : undefined;
  }
}
