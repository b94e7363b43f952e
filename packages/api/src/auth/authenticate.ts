// Turns a request's credentials into a Principal: a Bearer token or the
// `auth_token` cookie (JWT from @login), or HTTP Basic. Invalid credentials
// leave the request anonymous, as Plone's PAS does; a protected resource then
// answers 401 (and an authenticated principal lacking a permission, 403).
//
// A token counts only while its user exists and its `gen` claim equals the
// user's token generation (@logout and password changes raise it). A write
// authenticated by the cookie alone must pass the CSRF origin check.
// Password checks (Basic, @login, old_password) are throttled per account and
// per client address.
//
// scrypt is deliberately slow, so a verified Basic header is remembered for a
// minute (sliding) while the user record stays the same (a password change
// reloads it and so ends the memory); concurrent checks of the same
// credentials share one scrypt run.
import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { ANONYMOUS, type Principal, type ReadTx, type UserRecord } from '@tessera/core';
import type { Site } from '../site.js';
import { checkCsrf } from './csrf.js';
import { hashPassword, needsRehash, verifyPassword } from './passwords.js';
import type { TokenClaims } from './tokens.js';

const BASIC_TTL_MS = 60_000;
const MAX_REMEMBERED = 10_000;

/** What authentication looks at: the method (for CSRF), the headers and the peer address. */
export interface AuthRequest {
  method?: string;
  headers: IncomingHttpHeaders;
  /** The TCP peer's address. */
  address?: string;
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

/** A valid hash of nothing anyone knows: unknown logins cost one scrypt too (no timing oracle). */
let decoy: Promise<string> | undefined;

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

  /** The client's address: the first X-Forwarded-For hop behind a trusted proxy, else the peer. */
  clientAddress(req: AuthRequest): string | undefined {
    if (this.site.config.trustProxy) {
      const xff = req.headers['x-forwarded-for'];
      const first = (Array.isArray(xff) ? xff[0] : xff)?.split(',')[0]?.trim();
      if (first) return first;
    }
    return req.address;
  }

  async authenticate(req: AuthRequest): Promise<Principal> {
    const auth = req.headers.authorization;
    if (auth?.startsWith('Bearer ')) return this.fromToken(auth.slice(7).trim());
    if (auth?.startsWith('Basic ')) {
      // Hot path: the same client sends the same header on every request.
      const known = this.recentBasic.get(auth);
      const now = Date.now();
      if (known && known.until > now && this.site.users.peekLogin(known.login) === known.user) {
        known.until = now + BASIC_TTL_MS; // sliding: a busy client never meets a cold check
        return known.principal;
      }
      const principal = await this.fromBasic(auth.slice(6).trim(), this.clientAddress(req));
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
    const cookie = cookieToken(req.headers.cookie);
    if (cookie) {
      const principal = await this.fromToken(cookie);
      if (principal.id !== null)
        checkCsrf(req.method, req.headers, {
          trustProxy: this.site.config.trustProxy,
          trustedOrigins: this.site.config.csrfTrustedOrigins,
        });
      return principal;
    }
    return ANONYMOUS;
  }

  /** The JWT a request carries (Bearer header, else the cookie), unchecked. */
  presentedToken(headers: IncomingHttpHeaders): string | undefined {
    const auth = headers.authorization;
    if (auth?.startsWith('Bearer ')) return auth.slice(7).trim();
    if (auth?.startsWith('Basic ')) return undefined;
    return cookieToken(headers.cookie);
  }

  /** The claims of a token that is valid and still current: its user exists, same generation, session not ended. */
  async currentClaims(token: string): Promise<{ claims: TokenClaims; user: UserRecord } | undefined> {
    const claims = this.site.tokens.check(token);
    if (!claims) return undefined;
    const user = await this.site.users.byId(claims.sub);
    if (!user || user.tokenGen !== claims.gen || (await this.site.users.isRevoked(claims.sid)))
      return undefined;
    return { claims, user };
  }

  private async fromToken(token: string): Promise<Principal> {
    const current = await this.currentClaims(token);
    return current ? this.site.users.principal(current.user) : ANONYMOUS;
  }

  private async fromBasic(encoded: string, address: string | undefined): Promise<Principal> {
    const decoded = Buffer.from(encoded, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return ANONYMOUS;
    const login = decoded.slice(0, colon);
    const password = decoded.slice(colon + 1);
    const user = await this.checkPassword(login, password, { address });
    if (!user) return ANONYMOUS;
    await this.rehashIfNeeded(user, password);
    return this.site.users.principal(user);
  }

  /**
   * The user whose login and password these are, or undefined (costs one
   * scrypt). Throws 429 while the account or address is throttled; counts a
   * failure, clears the account's count on success.
   */
  async checkPassword(
    login: string,
    password: string,
    opts: { tx?: ReadTx; address?: string } = {},
  ): Promise<UserRecord | undefined> {
    const throttle = this.site.loginThrottle;
    throttle.check(login, opts.address);
    const user = await this.site.users.byLogin(login, opts.tx);
    const ok = user ? await this.verify(login, password, user.passwordHash) : await this.decoyCheck(password);
    if (!ok || !user) {
      throttle.hit(login, opts.address);
      return undefined;
    }
    throttle.succeeded(login);
    return user;
  }

  private verify(login: string, password: string, hash: string): Promise<boolean> {
    const key = createHash('sha256')
      .update(login)
      .update('\0')
      .update(password)
      .update('\0')
      .update(hash)
      .digest('base64');
    let check = this.inFlight.get(key);
    if (!check) {
      check = verifyPassword(password, hash).finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, check);
    }
    return check;
  }

  private async decoyCheck(password: string): Promise<false> {
    decoy ??= hashPassword('decoy password nobody has');
    await verifyPassword(password, await decoy);
    return false;
  }

  /**
   * After a successful password check: rewrites a hash made with older scrypt
   * parameters. Call outside any storage transaction (it writes).
   */
  async rehashIfNeeded(user: UserRecord, password: string): Promise<void> {
    if (!needsRehash(user.passwordHash)) return;
    const fresh = await hashPassword(password);
    await this.site.storage.write({ principal: user.id, note: 'Password rehashed' }, async (tx) => {
      const current = await tx.userById(user.id);
      // Only if nobody changed the password meanwhile; the token generation stays.
      if (current && current.passwordHash === user.passwordHash)
        await tx.putUser({ ...current, passwordHash: fresh });
    });
    this.site.users.invalidate();
    this.site.log.info({ user: user.id }, 'password hash upgraded');
  }
}
