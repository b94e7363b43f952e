// A short-lived, bounded cache of anonymous backend answers that many pages
// share (navigation, navroot, listing and teaser queries): most pages would
// otherwise ask the backend the same questions again, and catalog queries are
// the backend's most expensive answers (not in its serialization cache). Entries live `ttlMs` (a few seconds, like the
// page's own s-maxage) and the oldest go first once `maxEntries` is reached,
// so memory stays bounded whatever paths visitors request.

export interface CachedAnswer {
  status: number;
  body: unknown;
  /** The backend's xkey header: the UIDs the answer was built from. */
  keys: string[];
}

interface Entry {
  value: Promise<CachedAnswer>;
  expires: number;
}

export class DataCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    readonly ttlMs: number,
    readonly maxEntries = 500,
  ) {}

  /**
   * The cached answer for `key`, or `load()`'s. Concurrent misses share one
   * backend call (a burst of visitors after expiry costs one request). Only
   * 200 answers stay cached: errors are asked again next time.
   */
  get(key: string, load: () => Promise<CachedAnswer>, now = Date.now()): Promise<CachedAnswer> {
    if (this.ttlMs <= 0) return load();
    const hit = this.entries.get(key);
    if (hit && hit.expires > now) return hit.value;
    if (hit) this.entries.delete(key);
    const value = load();
    this.entries.set(key, { value, expires: now + this.ttlMs });
    value.then(
      (a) => {
        if (a.status !== 200 && this.entries.get(key)?.value === value) this.entries.delete(key);
      },
      () => {
        if (this.entries.get(key)?.value === value) this.entries.delete(key);
      },
    );
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
    return value;
  }

  get size(): number {
    return this.entries.size;
  }

  clear(): void {
    this.entries.clear();
  }
}
