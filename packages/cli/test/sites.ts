// Sites for the pack and check tests: one per database (a temp data
// directory, plus a throwaway PostgreSQL or MariaDB database), the real
// `tessera` command run asynchronously (a server may be running meanwhile),
// and REST calls as admin.
import { mkdtempSync, readdirSync, rmSync, statSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { blobDirOf, type KyselyStorage, openStorage } from '@tessera/storage';
import { createMysqlDatabase, createPostgresDatabase } from '@tessera/storage/test-databases';
import { ADMIN_PASSWORD, adminAuth } from './http.js';

export { call } from './http.js';
export { runTessera as tessera } from './process.js';
export const PASSWORD = ADMIN_PASSWORD;
export const KINDS = ['sqlite', 'postgres', 'mysql'] as const;
export type Kind = (typeof KINDS)[number];

export interface TestSiteDir {
  kind: Kind;
  data: string;
  db: string;
  /** Environment for `tessera serve` and the other commands. */
  env: Record<string, string>;
  blobDir: string | undefined;
  /** The site's storage, opened in this process (close it). */
  open(): KyselyStorage;
  cleanup(): Promise<void>;
}

export async function siteDir(kind: Kind): Promise<TestSiteDir> {
  const data = mkdtempSync(join(tmpdir(), `tessera-pack-${kind}-`));
  const database =
    kind === 'postgres'
      ? await createPostgresDatabase()
      : kind === 'mysql'
        ? await createMysqlDatabase()
        : undefined;
  const db = database?.url ?? '';
  return {
    kind,
    data,
    db,
    env: { TESSERA_DATA: data, TESSERA_DB: db, TESSERA_ADMIN_PASSWORD: PASSWORD },
    blobDir: blobDirOf({ db, dataDir: data }),
    open: () => openStorage({ db, dataDir: data }),
    async cleanup() {
      await database?.drop();
      rmSync(data, { recursive: true, force: true });
    },
  };
}

/** GET bytes as admin. */
export async function download(url: string) {
  const r = await fetch(url, { headers: { authorization: adminAuth } });
  return { status: r.status, bytes: Buffer.from(await r.arrayBuffer()) };
}

export const fileBody = (text: string, filename = 'notes.txt') => ({
  data: Buffer.from(text).toString('base64'),
  encoding: 'base64',
  filename,
  'content-type': 'text/plain',
});

export const OLD = '2020-01-01T00:00:00.000Z';
const OLD_S = Date.parse(OLD) / 1000;

/** Makes everything stored so far old: transactions, database blobs, blob files. */
export async function backdate(site: TestSiteDir) {
  const storage = site.open();
  try {
    await storage.db.updateTable('transactions').set({ at: OLD }).execute();
    await storage.db.updateTable('blobs').set({ created: OLD }).execute();
  } finally {
    await storage.close();
  }
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else utimesSync(p, OLD_S, OLD_S);
    }
  };
  if (site.blobDir) walk(site.blobDir);
}
