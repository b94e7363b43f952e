// The purge queue: after a commit the backend names the content UIDs that
// changed, and this sends them — later, never in the request — to every
// cache that keeps responses tagged with them (Varnish's xkey, a CDN's
// cache tags). One pending set per target coalesces bursts of commits into
// few requests; a failed send is retried with backoff; the set is bounded by
// collapsing into one "purge everything" when it grows too large.

/** The tag every cached object also carries (see the generated VCL): purging it drops everything. */
export const ALL = 'all';

export interface PurgeTarget {
  /** For log lines: a URL or a CDN name, never a credential. */
  readonly name: string;
  /** Tags at most per send() call. */
  readonly batch: number;
  /** Purges the objects tagged with any of `tags`; `[ALL]` purges everything. Throws on failure. */
  send(tags: string[]): Promise<void>;
}

export interface PurgerLog {
  warn(obj: object, msg: string): void;
  debug?(obj: object, msg: string): void;
}

export interface PurgerOptions {
  /** Distinct pending tags per target before they collapse into ALL. */
  maxPending?: number;
  /** First retry delay (ms); doubles per failure up to maxDelay. */
  baseDelay?: number;
  maxDelay?: number;
  /**
   * Sends each purge again after these delays (ms). A page whose rendering
   * started before the commit and finished after the first purge was cached
   * with the old content; the repeat removes it. [] turns this off.
   */
  repeatAfter?: number[];
  log?: PurgerLog;
}

class TargetQueue {
  pending = new Set<string>();
  private running = false;
  private failures = 0;
  private timer: NodeJS.Timeout | undefined;
  private idleWaiters: Array<() => void> = [];
  sent = 0;

  constructor(
    readonly target: PurgeTarget,
    private readonly opts: Required<Omit<PurgerOptions, 'log' | 'repeatAfter'>> & { log?: PurgerLog },
  ) {}

  add(tags: Iterable<string>) {
    if (this.pending.has(ALL)) return;
    for (const t of tags) this.pending.add(t);
    // Bounded: a backlog (a cache that has been unreachable for long) turns
    // into one purge of everything, which is also what it must do anyway.
    if (this.pending.has(ALL) || this.pending.size > this.opts.maxPending) this.pending = new Set([ALL]);
    this.kick();
  }

  kick() {
    if (this.running || this.timer || this.pending.size === 0) return;
    this.running = true;
    // setImmediate: the request that committed finishes first.
    setImmediate(() => void this.drain());
  }

  private async drain() {
    while (this.pending.size > 0) {
      const tags = this.pending.has(ALL) ? [ALL] : [...this.pending].slice(0, this.target.batch);
      for (const t of tags) this.pending.delete(t);
      try {
        await this.target.send(tags);
        this.failures = 0;
        this.sent++;
      } catch (err) {
        // Put them back (a newer ALL wins) and wait before the next attempt.
        this.addBack(tags);
        this.failures++;
        const delay = Math.min(this.opts.maxDelay, this.opts.baseDelay * 2 ** (this.failures - 1));
        this.opts.log?.warn(
          { target: this.target.name, err: String((err as Error).message ?? err), retryInMs: delay },
          'purge failed; will retry',
        );
        this.running = false;
        this.timer = setTimeout(() => {
          this.timer = undefined;
          this.kick();
        }, delay);
        this.timer.unref();
        return;
      }
    }
    this.running = false;
    for (const w of this.idleWaiters.splice(0)) w();
  }

  private addBack(tags: string[]) {
    if (this.pending.has(ALL)) return;
    for (const t of tags) this.pending.add(t);
    if (this.pending.size > this.opts.maxPending) this.pending = new Set([ALL]);
  }

  idle(): Promise<void> {
    if (!this.running && this.pending.size === 0) return Promise.resolve();
    return new Promise((r) => this.idleWaiters.push(r));
  }

  stop() {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}

export class Purger {
  private readonly queues: TargetQueue[];

  private readonly repeatAfter: number[];
  private readonly repeats = new Set<NodeJS.Timeout>();

  constructor(targets: PurgeTarget[], opts: PurgerOptions = {}) {
    const { repeatAfter = [500, 2000], ...rest } = opts;
    const o = { maxPending: 5000, baseDelay: 200, maxDelay: 30_000, ...rest };
    this.queues = targets.map((t) => new TargetQueue(t, o));
    this.repeatAfter = repeatAfter;
  }

  get enabled(): boolean {
    return this.queues.length > 0;
  }

  /** Queues a purge of these tags on every target; returns at once. */
  purge(tags: Iterable<string>) {
    const list = [...tags].filter((t) => /^[\w-]{1,128}$/.test(t));
    if (list.length === 0) return;
    for (const q of this.queues) q.add(list);
    for (const ms of this.repeatAfter) {
      const timer = setTimeout(() => {
        this.repeats.delete(timer);
        for (const q of this.queues) q.add(list);
      }, ms);
      timer.unref();
      this.repeats.add(timer);
    }
  }

  /** Tags waiting per target (for tests and metrics). */
  pending(): Record<string, number> {
    return Object.fromEntries(this.queues.map((q) => [q.target.name, q.pending.size]));
  }

  /** Resolves when every target's queue is empty (or after `ms`). */
  async flush(ms = 5000): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.all(this.queues.map((q) => q.idle())),
      new Promise<void>((r) => {
        timer = setTimeout(r, ms);
      }),
    ]);
    clearTimeout(timer);
  }

  /** On shutdown: a last attempt at what is queued, then no more retries. */
  async close(ms = 2000): Promise<void> {
    for (const t of this.repeats) clearTimeout(t);
    this.repeats.clear();
    await this.flush(ms);
    for (const q of this.queues) q.stop();
  }
}
