// PDF text through pdf.js in one worker thread, one document at a time. A
// document that takes too long (or crashes the worker) ends the worker; the
// next one starts a fresh one.
import { Worker } from 'node:worker_threads';

const WORKER = new URL('./pdf-worker.mjs', import.meta.url);

interface Job {
  id: number;
  resolve: (text: string) => void;
  reject: (err: Error) => void;
}

export class PdfTextExtractor {
  private worker: Worker | undefined;
  private readonly jobs = new Map<number, Job>();
  private nextId = 1;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly opts: { timeoutMs: number; maxPages: number; maxChars: number }) {}

  /** The document's text; rejects for a broken or encrypted PDF, or on timeout. */
  extract(data: Uint8Array): Promise<string> {
    const run = this.queue.then(() => this.run(data));
    this.queue = run.catch(() => {});
    return run;
  }

  private run(data: Uint8Array): Promise<string> {
    const worker = this.start();
    const id = this.nextId++;
    return new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.stop(new Error('PDF text extraction timed out'));
      }, this.opts.timeoutMs);
      this.jobs.set(id, {
        id,
        resolve: (t) => {
          clearTimeout(timer);
          resolve(t);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
      worker.postMessage({ id, data, maxPages: this.opts.maxPages, maxChars: this.opts.maxChars }, [
        data.buffer as ArrayBuffer,
      ]);
    });
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(WORKER, { resourceLimits: { maxOldGenerationSizeMb: 512 } });
    worker.on('message', (m: { id: number; text?: string; error?: string }) => {
      const job = this.jobs.get(m.id);
      this.jobs.delete(m.id);
      if (m.error !== undefined) job?.reject(new Error(m.error));
      else job?.resolve(m.text ?? '');
    });
    worker.on('error', (err) => this.stop(err));
    worker.on('exit', () => {
      if (this.worker === worker) this.stop(new Error('PDF worker exited'));
    });
    // After the listeners (adding one refs the worker again): an idle worker never keeps the process alive.
    worker.unref();
    this.worker = worker;
    return worker;
  }

  private stop(err: Error) {
    const worker = this.worker;
    this.worker = undefined;
    for (const job of this.jobs.values()) job.reject(err);
    this.jobs.clear();
    void worker?.terminate();
  }

  async close() {
    await this.worker?.terminate();
    this.worker = undefined;
  }
}
