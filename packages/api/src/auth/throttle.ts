// Failed logins are counted per account and per client address in a fixed
// window; past the limit the next attempts get 429 with Retry-After until the
// window ends. A success clears the account's count (not the address's: one
// valid account must not reset an attacker's budget). Counts live in this
// process: N processes allow N times the budget, which the front proxy's
// rate limit bounds (docs/decisions/0010-users-and-auth.md).
import { TesseraError } from '@tessera/core';

const MAX_KEYS = 100_000;

interface Window {
  count: number;
  ends: number;
}

export class Throttle {
  private readonly windows = new Map<string, Window>();

  constructor(
    private readonly limits: { account: number; address: number; windowMs: number },
    private readonly what = 'login attempts',
  ) {}

  private current(key: string, now: number): Window | undefined {
    const w = this.windows.get(key);
    if (w && w.ends <= now) {
      this.windows.delete(key);
      return undefined;
    }
    return w;
  }

  /** Throws 429 when the account or the address has used up its attempts. */
  check(account: string, address: string | undefined) {
    const now = Date.now();
    const checks: Array<[string, number]> = [[`a:${account.toLowerCase()}`, this.limits.account]];
    if (address) checks.push([`i:${address}`, this.limits.address]);
    for (const [key, limit] of checks) {
      const w = this.current(key, now);
      if (w && w.count >= limit) {
        const retryAfter = Math.max(1, Math.ceil((w.ends - now) / 1000));
        throw new TesseraError(
          'TooManyRequests',
          `Too many ${this.what}; try again in ${retryAfter} seconds.`,
          {
            headers: { 'Retry-After': String(retryAfter) },
          },
        );
      }
    }
  }

  /** Counts one attempt (a failure, or any request that is limited as such). */
  hit(account: string, address: string | undefined) {
    const now = Date.now();
    if (this.windows.size >= MAX_KEYS) this.prune(now);
    for (const key of [`a:${account.toLowerCase()}`, address ? `i:${address}` : undefined]) {
      if (!key) continue;
      const w = this.current(key, now);
      if (w) w.count++;
      else this.windows.set(key, { count: 1, ends: now + this.limits.windowMs });
    }
  }

  succeeded(account: string) {
    this.windows.delete(`a:${account.toLowerCase()}`);
  }

  private prune(now: number) {
    for (const [k, w] of this.windows) if (w.ends <= now) this.windows.delete(k);
    if (this.windows.size >= MAX_KEYS) this.windows.clear();
  }
}
