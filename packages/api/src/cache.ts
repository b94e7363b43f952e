// Precomputed serializations, keyed by URL + query + principal, valid while
// none of the objects they were built from has changed since. Writes report
// the uids they touched with their transaction id; an entry is stale when any
// of its dependencies changed after the tid it was built at. Bounded LRU.
//
// This is per process. With more than one backend process the changes feed
// must come from the database (see docs/decisions/0002-object-cache.md).

export interface CacheEntry {
  body: string;
  etag: string;
  /** The committed tid the serialization was built from. */
  tid: number;
  deps: string[];
}

export class SerializationCache {
  private readonly entries = new Map<string, CacheEntry>();
  private readonly changedAt = new Map<string, number>();
  private everythingBefore = 0;
  hits = 0;
  misses = 0;

  constructor(private readonly capacity: number) {}

  get(key: string): CacheEntry | undefined {
    const e = this.entries.get(key);
    if (!e) {
      this.misses++;
      return undefined;
    }
    if (e.tid < this.everythingBefore || e.deps.some((d) => (this.changedAt.get(d) ?? 0) > e.tid)) {
      this.entries.delete(key);
      this.misses++;
      return undefined;
    }
    // Refresh its place in the LRU order.
    this.entries.delete(key);
    this.entries.set(key, e);
    this.hits++;
    return e;
  }

  set(key: string, entry: CacheEntry) {
    if (this.capacity === 0) return;
    if (this.entries.size >= this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(key, entry);
  }

  /** Marks objects changed at `tid`. */
  changed(uids: Iterable<string>, tid: number) {
    for (const uid of uids) this.changedAt.set(uid, tid);
    if (this.changedAt.size > 4 * Math.max(this.capacity, 1000)) {
      // Forget per-object marks; everything older is stale instead.
      this.changedAt.clear();
      this.everythingBefore = tid + 1;
    }
  }

  /** Type, user or settings changes: every entry is stale. */
  changedEverything(tid: number) {
    this.everythingBefore = tid + 1;
  }
}
