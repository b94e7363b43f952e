// JWTs as plone.restapi issues them from @login: HS256, `sub` = user id,
// `fullname`, plus `gen`, the user's token generation (a password change
// raises it, which ends every token issued before), and `sid`, the login
// session (@logout ends it; @login-renew keeps it). The algorithm is pinned
// on verification (no `alg: none`, no RS/HS confusion).
//
// The signing secret lives in the site settings and can be rotated while
// processes run: the previous secret keeps verifying (never signing) until
// its grace period ends. Other processes pick up a rotation through
// site.sync() (settings changed → reloadSettings → setSecrets).
import { randomBytes } from 'node:crypto';
import { createSigner, createVerifier } from 'fast-jwt';

export const newSessionId = () => randomBytes(16).toString('base64url');

export interface TokenClaims {
  sub: string;
  fullname: string;
  gen: number;
  sid: string;
  iat?: number;
  exp?: number;
}

/** What the settings hold: the secret that signs, and the one rotated out. */
export interface JwtSecrets {
  current: string;
  previous?: { secret: string; until: string };
}

type Verify = (token: string) => TokenClaims;

export class TokenService {
  private sign!: (payload: object) => string;
  private verifiers: Array<{ verify: Verify; until?: number }> = [];
  private key = '';

  constructor(
    secrets: JwtSecrets,
    private readonly lifetimeSeconds: number,
  ) {
    this.setSecrets(secrets);
  }

  /** Replaces the keys (after a rotation); a no-op when they did not change. */
  setSecrets(secrets: JwtSecrets) {
    const key = JSON.stringify(secrets);
    if (key === this.key) return;
    this.key = key;
    this.sign = createSigner({
      key: secrets.current,
      algorithm: 'HS256',
      expiresIn: this.lifetimeSeconds * 1000,
    });
    const verifier = (secret: string) =>
      createVerifier({ key: secret, algorithms: ['HS256'], cache: 1000 }) as Verify;
    this.verifiers = [{ verify: verifier(secrets.current) }];
    if (secrets.previous)
      this.verifiers.push({
        verify: verifier(secrets.previous.secret),
        until: Date.parse(secrets.previous.until),
      });
  }

  /** A token for the user in the login session `sid` (a new one per @login). */
  issue(user: { id: string; fullname: string; tokenGen: number }, sid: string): string {
    return this.sign({ sub: user.id, fullname: user.fullname, gen: user.tokenGen, sid });
  }

  /** The claims of a valid token, or null (bad signature, expired, malformed, no generation). */
  check(token: string): TokenClaims | null {
    for (const v of this.verifiers) {
      if (v.until !== undefined && !(Date.now() < v.until)) continue;
      try {
        const claims = v.verify(token);
        return typeof claims?.sub === 'string' &&
          Number.isSafeInteger(claims.gen) &&
          typeof claims.sid === 'string'
          ? claims
          : null;
      } catch {
        // try the next key
      }
    }
    return null;
  }
}
