// Turns a request's credentials into a Principal: a Bearer token or the
// `auth_token` cookie (JWT from @login), or HTTP Basic. Invalid credentials
// leave the request anonymous, as Plone's PAS does; a protected resource then
// answers 401.
//
// scrypt is deliberately slow, so verified Basic credentials are remembered
// for a minute, keyed by a hash of login+password and bound to the stored hash
// (a password change invalidates them).
import { createHash } from 'node:crypto';
import { ANONYMOUS, type Principal, type ReadTx, type UserRecord } from '@tessera/core';
import type { Site } from '../site.js';
import { verifyPassword } from './passwords.js';

const BASIC_TTL_MS = 60_000;
const MAX_REMEMBERED = 10_000;

interface Remembered {
  passwordHash: string;
  until: number;
}

export function principalOf(user: UserRecord): Principal {
  return { id: user.id, fullname: user.fullname, roles: new Set([...user.roles, 'Authenticated']) };
}

function cookieToken(header: string | undefined): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === 'auth_token') return v.join('=');
  }
  return undefined;
}

export class Authenticator {
  private readonly remembered = new Map<string, Remembered>();

  constructor(private readonly site: Site) {}

  async authenticate(headers: { authorization?: string; cookie?: string }): Promise<Principal> {
    const auth = headers.authorization;
    if (auth?.startsWith('Bearer ')) return this.fromToken(auth.slice(7).trim());
    if (auth?.startsWith('Basic ')) return this.fromBasic(auth.slice(6).trim());
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

  /** The user whose login and password these are, or undefined. */
  async checkPassword(login: string, password: string, tx?: ReadTx): Promise<UserRecord | undefined> {
    const user = await this.site.users.byLogin(login, tx);
    if (!user) return undefined;
    const key = createHash('sha256').update(login).update('\0').update(password).digest('base64');
    const hit = this.remembered.get(key);
    if (hit && hit.until > Date.now() && hit.passwordHash === user.passwordHash) return user;
    if (!(await verifyPassword(password, user.passwordHash))) return undefined;
    if (this.remembered.size >= MAX_REMEMBERED) this.remembered.clear();
    this.remembered.set(key, { passwordHash: user.passwordHash, until: Date.now() + BASIC_TTL_MS });
    return user;
  }
}
