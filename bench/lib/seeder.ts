// Seed the backend through its REST API: F folders under the site root, then
// N documents spread evenly over them, created by K concurrent keep-alive POSTs.
// When the backend has workflow transitions (POST <obj>/@workflow/publish
// answers 2xx), the folders and the documents of odd-numbered folders are
// published (anonymous reads see those); documents in even-numbered folders
// stay private, and a user `bench-editor` gets the Editor role locally on
// those folders (@sharing): the `doc-editor` scenario reads them as that user.
import { documentBody, folderBody } from './content.js';

export interface SeedResult {
  /** Whether folders and documents were published (the backend offers @workflow/publish). */
  published: boolean;
  folders: string[];
  documents: string[];
  /** Published documents (all of them when the backend has no workflow). */
  publicDocuments: string[];
  /** Private documents, readable by `editorAuth` through its local Editor role. */
  privateDocuments: string[];
  /** Basic credentials of bench-editor, when the backend has @users and @sharing. */
  editorAuth?: string;
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

  const isPublic = (d: number) => !published || (d % opts.folders) % 2 === 1;
  const documents: string[] = new Array(opts.n);
  let done = 0;
  let lastLog = performance.now();
  const tDocs = performance.now();
  await pool([...Array(opts.n).keys()], opts.concurrency, async (d) => {
    documents[d] = await post(opts.base, opts.auth, folders[d % opts.folders], documentBody(d));
    if (isPublic(d)) await publish(documents[d]);
    done++;
    const now = performance.now();
    if (now - lastLog > 5000) {
      lastLog = now;
      log(`  seeded ${done}/${opts.n} documents, ${((done * 1000) / (now - tDocs)).toFixed(0)} docs/s`);
    }
  });
  const seconds = (performance.now() - t0) / 1000;
  const editorAuth = published ? await makeEditor(opts.base, opts.auth, folders) : undefined;
  return {
    published,
    folders,
    documents,
    publicDocuments: documents.filter((_, d) => isPublic(d)),
    privateDocuments: documents.filter((_, d) => !isPublic(d)),
    editorAuth,
    seconds,
    docsPerSecond: opts.n / seconds,
  };
}

/** A Member with the Editor role granted locally on the even-numbered folders. */
async function makeEditor(base: string, auth: string, folders: string[]): Promise<string | undefined> {
  const password = 'bench-editor-password';
  const user = await request(base, auth, '/@users', {
    username: 'bench-editor',
    email: 'bench-editor@example.org',
    password,
  });
  if (user.status !== 201) return undefined;
  const entries = [{ id: 'bench-editor', type: 'user', roles: { Editor: true } }];
  for (const [f, path] of folders.entries()) {
    if (f % 2 === 1) continue;
    const r = await request(base, auth, `${path}/@sharing`, { entries });
    if (r.status >= 300) throw new Error(`sharing ${path}: HTTP ${r.status} ${r.text.slice(0, 300)}`);
  }
  return `Basic ${Buffer.from(`bench-editor:${password}`).toString('base64')}`;
}
