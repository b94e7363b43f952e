// Seed the backend through its REST API: F folders under the site root, then
// N documents spread evenly over them, created by K concurrent keep-alive POSTs.
// When the backend has workflow transitions (POST <obj>/@workflow/publish
// answers 2xx), everything is published too, so anonymous reads see it.
import { documentBody, folderBody } from './content.js';

export interface SeedResult {
  /** Whether folders and documents were published (the backend offers @workflow/publish). */
  published: boolean;
  folders: string[];
  documents: string[];
  seconds: number;
  docsPerSecond: number;
}

/** Runs `work` over `items` with at most `k` in flight. */
async function pool<T>(items: T[], k: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const runners = Array.from({ length: Math.min(k, items.length) }, async () => {
    while (next < items.length) await work(items[next++]);
  });
  await Promise.all(runners);
}

async function request(base: string, auth: string, path: string, body: unknown) {
  const r = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { authorization: auth, accept: 'application/json', 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: r.status, text: await r.text() };
}

async function post(base: string, auth: string, path: string, body: unknown): Promise<string> {
  const { status, text } = await request(base, auth, path, body);
  if (status !== 201) throw new Error(`POST ${path}: HTTP ${status} ${text.slice(0, 300)}`);
  const id = (JSON.parse(text) as { '@id': string })['@id'];
  return new URL(id).pathname;
}

export async function seed(opts: {
  base: string;
  auth: string;
  n: number;
  folders: number;
  concurrency: number;
  log?: (line: string) => void;
}): Promise<SeedResult> {
  const log = opts.log ?? (() => {});
  const t0 = performance.now();
  const folders: string[] = new Array(opts.folders);
  folders[0] = await post(opts.base, opts.auth, '/', folderBody(0));
  const probe = await request(opts.base, opts.auth, `${folders[0]}/@workflow/publish`, {});
  const published = probe.status < 300;
  const publish = async (path: string) => {
    if (!published) return;
    const r = await request(opts.base, opts.auth, `${path}/@workflow/publish`, {});
    if (r.status >= 300) throw new Error(`publish ${path}: HTTP ${r.status} ${r.text.slice(0, 300)}`);
  };
  await pool([...Array(opts.folders).keys()].slice(1), opts.concurrency, async (f) => {
    folders[f] = await post(opts.base, opts.auth, '/', folderBody(f));
    await publish(folders[f]);
  });

  const documents: string[] = new Array(opts.n);
  let done = 0;
  let lastLog = performance.now();
  const tDocs = performance.now();
  await pool([...Array(opts.n).keys()], opts.concurrency, async (d) => {
    documents[d] = await post(opts.base, opts.auth, folders[d % opts.folders], documentBody(d));
    await publish(documents[d]);
    done++;
    const now = performance.now();
    if (now - lastLog > 5000) {
      lastLog = now;
      log(`  seeded ${done}/${opts.n} documents, ${((done * 1000) / (now - tDocs)).toFixed(0)} docs/s`);
    }
  });
  const seconds = (performance.now() - t0) / 1000;
  return { published, folders, documents, seconds, docsPerSecond: opts.n / seconds };
}
