// Precomputed serializations, keyed by URL + query + principal, valid while
// none of the objects they were built from has changed since. Writes report
// the uids they touched with their transaction id; an entry is stale when any
// of its dependencies changed after the tid it was built at. Bounded LRU.
//
// This is per process. With more than one backend process the changes feed
// must come from the database (see docs/decisions/0002-object-cache.md).

const finite = (until: number | undefined) => (until === Number.POSITIVE_INFINITY ? undefined : until);

export interface CacheEntry {
  /** The JSON as bytes: encoded once, written as is on every hit. */
  body: Buffer;
  etag: string;
  /** The committed tid the serialization was built from. */
  tid: number;
  deps: string[];
  /** Epoch ms after which the entry is stale whatever changed (time-dependent bodies). */
  until?: number;
  /** A byte response (binary-cache.ts): its own headers instead of JSON's. */
  headers?: Record<string, string>;
  /** A JSON response's surrogate-key headers (surrogate-keys.ts). */
  keys?: Record<string, string>;
}

interface Slot extends CacheEntry {
  /** Insertion sequence number, for cheap LRU refreshes. */
  seq: number;
  /** The cache version it was last found fresh at. */
  checked?: number;
}

/**
 * A part of a serialization shared between responses (an expanded
 * component), as built: invalidated exactly like a response.
 */
export interface ComponentEntry {
  value: unknown;
  /** The committed tid it was built from. */
  tid: number;
  deps: string[];
  checked?: number;
  /** Epoch ms after which it is stale (a listing filtered by publication window). */
  until?: number;
}

export class SerializationCache {
  private readonly entries = new Map<string, Slot>();
  private seq = 0;
  private readonly changedAt = new Map<string, number>();
  private everythingBefore = 0;
  hits = 0;
  misses = 0;
  componentHits = 0;
  private readonly components = new Map<string, ComponentEntry>();
  private readonly componentCapacity: number;

  constructor(
    private readonly capacity: number,
    private readonly maxBytes = 256 * 1024 * 1024,
    /** Bodies larger than this are not kept. */
    readonly maxEntryBytes = 512 * 1024,
  ) {
    this.componentCapacity = capacity === 0 ? 0 : Math.max(1000, Math.ceil(capacity / 4));
  }

  /**
   * Bumped by every changed()/changedEverything(): an entry found fresh at
   * this version stays fresh until the next bump, so hits under a read-only
   * load skip the per-dependency check (navigation has a hundred deps).
   */
  private version = 0;

  /** Whether an entry built at `tid` from `deps` may still be used. */
  private fresh(e: { tid: number; deps: string[]; checked?: number; until?: number }): boolean {
    // Time-bound bodies (publication windows) expire whatever changed.
    if (e.until !== undefined && e.until < Date.now()) return false;
    if (e.checked === this.version) return true;
    if (e.tid < this.everythingBefore) return false;
    for (const d of e.deps) if ((this.changedAt.get(d) ?? 0) > e.tid) return false;
    e.checked = this.version;
    return true;
  }

  get(key: string): CacheEntry | undefined {
    const e = this.entries.get(key);
    if (!e) {
      this.misses++;
      return undefined;
    }
    if (!this.fresh(e)) {
      this.drop(key);
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

  /** Bytes of the bodies held: bounded by `maxBytes`, oldest entries evicted first. */
  private bytes = 0;

  private drop(key: string) {
    const e = this.entries.get(key);
    if (!e) return;
    this.bytes -= e.body.length;
    this.entries.delete(key);
  }

  set(key: string, entry: CacheEntry) {
    if (this.capacity === 0) return;
    // A body this large (a deep navigation tree) is rebuilt cheaply from the
    // shared components it embeds; keeping one copy per URL would not be.
    if (entry.body.length > this.maxEntryBytes) return;
    this.drop(key);
    while (
      this.entries.size > 0 &&
      (this.entries.size >= this.capacity || this.bytes + entry.body.length > this.maxBytes)
    ) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.drop(oldest);
    }
    this.bytes += entry.body.length;
    this.entries.set(key, { ...entry, until: finite(entry.until), seq: ++this.seq, checked: undefined });
  }

  getComponent(key: string): ComponentEntry | undefined {
    const e = this.components.get(key);
    if (!e) return undefined;
    if (!this.fresh(e)) {
      this.components.delete(key);
      return undefined;
    }
    this.componentHits++;
    return e;
  }

  setComponent(key: string, entry: ComponentEntry) {
    if (this.componentCapacity === 0) return;
    if (this.components.size >= this.componentCapacity) {
      const oldest = this.components.keys().next().value;
      if (oldest !== undefined) this.components.delete(oldest);
    }
    this.components.delete(key);
    this.components.set(key, { ...entry, until: finite(entry.until), checked: undefined });
  }

  /** Marks objects changed at `tid`. */
  changed(uids: Iterable<string>, tid: number) {
    this.version++;
    for (const uid of uids) this.changedAt.set(uid, tid);
    if (this.changedAt.size > 4 * Math.max(this.capacity, 1000)) {
      // Forget per-object marks; everything older is stale instead.
      this.changedAt.clear();
      this.everythingBefore = tid + 1;
    }
  }

  /** What it holds, for @database: entries (stale ones not yet dropped included) and their bytes. */
  stats() {
    return {
      entries: this.entries.size,
      bytes: this.bytes,
      capacity: this.capacity,
      components: this.components.size,
    };
  }

  /** Type, user or settings changes: every entry is stale. */
  changedEverything(tid: number) {
    this.version++;
    this.everythingBefore = tid + 1;
  }
}
