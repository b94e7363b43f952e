// Durability of SQLite commits without blocking the event loop
// (docs/decisions/0011-sqlite-wal-sync-off-thread.md).
//
// The database runs in WAL mode with synchronous=NORMAL: a COMMIT appends its
// frames to the -wal file and returns without fsync; SQLite itself still
// syncs the WAL before every checkpoint and the database file after it, so the
// file is always consistent. What NORMAL gives up is the per-commit sync, and
// that is what this class restores: after a COMMIT, durable() starts an
// fdatasync of the -wal file on libuv's thread pool and resolves once a sync
// that started after that COMMIT has finished. The caller acknowledges the
// commit's writes only then. One sync covers every commit made before it
// started, so commits that land while a sync is in flight share the next one.
import { closeSync, fdatasync, fstatSync, fsync, openSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

/** Flushes a file's data to stable storage (fdatasync(2) by default; replaceable in tests). */
export type SyncFile = (fd: number) => Promise<void>;

const fdatasyncAsync: SyncFile = (fd) =>
  new Promise((resolve, reject) => fdatasync(fd, (err) => (err ? reject(err) : resolve())));

const fsyncAsync = (fd: number) =>
  new Promise<void>((resolve, reject) => fsync(fd, (err) => (err ? reject(err) : resolve())));

interface Waiter {
  /** The commit generation this waiter needs covered. */
  gen: number;
  resolve: () => void;
  reject: (err: unknown) => void;
}

export class WalSync {
  private fd: number | null = null;
  private ino = -1;
  /** Whether the directory entry of the current -wal file is known to be durable. */
  private dirSynced = false;
  /** Commits reported so far (each durable() call is one). */
  private gen = 0;
  private inFlight = false;
  private waiters: Waiter[] = [];
  /** Set by the first failed sync; every later call fails with it. */
  private failure: Error | null = null;
  /** Syncs started so far (for tests and diagnostics). */
  syncs = 0;

  constructor(
    private readonly walPath: string,
    private readonly syncFile: SyncFile = fdatasyncAsync,
  ) {}

  /**
   * Call right after a COMMIT returned. Resolves when everything committed up
   * to now is on stable storage; rejects if the sync failed. After a failed
   * sync nothing is known about what reached the disk, so this rejects for
   * good (the process should be restarted: SQLite recovers from the file).
   */
  durable(): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    const gen = ++this.gen;
    return new Promise<void>((resolve, reject) => {
      this.waiters.push({ gen, resolve, reject });
      this.kick();
    });
  }

  /** The error that stopped syncing, if any. */
  get failed(): Error | null {
    return this.failure;
  }

  private kick() {
    if (this.inFlight || this.waiters.length === 0 || this.failure) return;
    this.inFlight = true;
    // Everything committed before this point is in the file (the COMMITs have
    // returned, their write() calls are done): this sync covers them all.
    const upTo = this.gen;
    this.syncs++;
    this.syncOnce().then(
      () => {
        this.inFlight = false;
        const still: Waiter[] = [];
        for (const w of this.waiters) {
          if (w.gen <= upTo) w.resolve();
          else still.push(w);
        }
        this.waiters = still;
        this.kick();
      },
      (err) => {
        this.inFlight = false;
        this.fail(err);
      },
    );
  }

  private async syncOnce() {
    const fd = this.currentFd();
    const dirPending = !this.dirSynced;
    await this.syncFile(fd);
    if (dirPending) {
      // A newly created -wal file must also be reachable after a power loss:
      // sync its directory entry once (SQLite would do so on its first sync).
      await syncDirectory(dirname(this.walPath));
      this.dirSynced = true;
    }
  }

  /**
   * An fd on the current -wal file. SQLite keeps the same file across
   * checkpoints (it rewinds or truncates it), but if it was ever replaced (the
   * database closed by every connection and reopened), open the new one.
   * Closing this fd is safe: SQLite takes no POSIX locks on the -wal file
   * (WAL locks live in the -shm file), so no lock of SQLite's goes with it.
   */
  private currentFd(): number {
    const ino = statSync(this.walPath).ino;
    if (this.fd !== null && ino === this.ino) return this.fd;
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
    const fd = openSync(this.walPath, 'r+');
    this.fd = fd;
    this.ino = fstatSync(fd).ino;
    this.dirSynced = false;
    return fd;
  }

  private fail(err: unknown) {
    const cause = err instanceof Error ? err : new Error(String(err));
    this.failure = new Error(
      `Syncing the SQLite WAL (${this.walPath}) failed: ${cause.message}. ` +
        'Writes are refused until the process restarts.',
      { cause },
    );
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w.reject(this.failure);
  }

  /** Waits for the syncs under way, then closes the fd. */
  async close() {
    while (this.inFlight || (this.waiters.length > 0 && !this.failure)) {
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }
}

async function syncDirectory(dir: string) {
  // Windows cannot open or sync a directory; its file systems journal the entry.
  if (process.platform === 'win32') return;
  const fd = openSync(dir, 'r');
  try {
    await fsyncAsync(fd);
  } finally {
    closeSync(fd);
  }
}
