// JWTs as plone.restapi issues them from @login: HS256, `sub` = user id,
// `fullname`; the algorithm is pinned on verification (no `alg: none`).
import { createSigner, createVerifier } from 'fast-jwt';

export interface TokenClaims {
  sub: string;
  fullname: string;
  iat?: number;
  exp?: number;
}

export class TokenService {
  private readonly sign: (payload: object) => string;
  private readonly verify: (token: string) => TokenClaims;

  constructor(secret: string, lifetimeSeconds: number) {
    this.sign = createSigner({ key: secret, algorithm: 'HS256', expiresIn: lifetimeSeconds * 1000 });
    this.verify = createVerifier({ key: secret, algorithms: ['HS256'], cache: 1000 }) as (
      token: string,
    ) => TokenClaims;
  }

  issue(userId: string, fullname: string): string {
    return this.sign({ sub: userId, fullname });
  }

  /** The claims of a valid token, or null (bad signature, expired, malformed). */
  check(token: string): TokenClaims | null {
    try {
      const claims = this.verify(token);
      return typeof claims?.sub === 'string' ? claims : null;
    } catch {
      return null;
    }
  }
}
