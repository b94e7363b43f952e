// Precomputed serializations, keyed by URL + query + principal, valid while
// none of the objects they were built from has changed since. Writes report
// the uids they touched with their transaction id; an entry is stale when any
// of its dependencies changed after the tid it was built at. Bounded LRU.
//
// This is per process. With more than one backend process the changes feed
// must come from the database (see docs/decisions/0002-object-cache.md).

export interface CacheEntry {
  /** The JSON as bytes: encoded once, written as is on every hit. */
  body: Buffer;
  etag: string;
  /** The committed tid the serialization was built from. */
  tid: number;
  deps: string[];
  /** Epoch ms after which the entry is stale whatever changed (time-dependent bodies). */
  until?: number;
}

interface Slot extends CacheEntry {
  /** Insertion sequence number, for cheap LRU refreshes. */
  seq: number;
}

export class SerializationCache {
  private readonly entries = new Map<string, Slot>();
  private seq = 0;
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
    if (
      e.tid < this.everythingBefore ||
      (e.until !== undefined && e.until < Date.now()) ||
      e.deps.some((d) => (this.changedAt.get(d) ?? 0) > e.tid)
    ) {
      this.entries.delete(key);
      this.misses++;
      return undefined;
    }
    // Refresh its place in the LRU order, but only once it has drifted into
    // the older half: delete+set on every hit of a hot key is costly in V8.
    if (this.seq - e.seq > this.capacity / 2) {
      this.entries.delete(key);
      e.seq = ++this.seq;
      this.entries.set(key, e);
    }
    this.hits++;
    return e;
  }

  set(key: string, entry: CacheEntry) {
    if (this.capacity === 0) return;
    if (this.entries.size >= this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.delete(key);
    const until = entry.until === Number.POSITIVE_INFINITY ? undefined : entry.until;
    this.entries.set(key, { ...entry, until, seq: ++this.seq });
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
