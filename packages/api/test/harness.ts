// A fresh site per test file: its own temporary SQLite database (removed
// afterwards), the real Fastify app driven through inject() (no socket).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '@tessera/core';
import { openStorage } from '@tessera/storage';
import { createTestDatabase } from '@tessera/storage/test-databases';
import pino from 'pino';
import { buildApp } from '../src/app.js';
import { initSite } from '../src/bootstrap.js';

export const ADMIN_PASSWORD = 'test-admin-password';
export const BASIC = `Basic ${Buffer.from(`admin:${ADMIN_PASSWORD}`).toString('base64')}`;

/** A logger that keeps every record, for tests that check what was logged. */
export function memoryLogger() {
  const records: Array<Record<string, any>> = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => void records.push(JSON.parse(line)) });
  return { logger, records };
}

/** The database comes from TESSERA_TEST_DB=sqlite|postgres|mysql (a fresh one, dropped on close). */
export async function startSite(
  overrides: Record<string, unknown> = {},
  opts: { logger?: pino.Logger } = {},
) {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-test-'));
  const database = await createTestDatabase();
  const config = parseConfig({
    data: dir,
    db: database?.url ?? '',
    adminPassword: ADMIN_PASSWORD,
    logLevel: 'silent',
    ...overrides,
  });
  const storage = openStorage({ db: config.db, dataDir: config.data, blobDir: config.blobDir });
  await storage.migrate();
  await initSite({ storage, config });
  const { app, site } = await buildApp({ config, storage, logger: opts.logger ?? pino({ level: 'silent' }) });
  await app.ready();
  return {
    app,
    site,
    storage,
    dir,
    config,
    /** Another backend process's view: a second app on the same database. */
    async peer() {
      const peerStorage = openStorage({ db: config.db, dataDir: config.data, blobDir: config.blobDir });
      const peer = await buildApp({ config, storage: peerStorage, logger: pino({ level: 'silent' }) });
      await peer.app.ready();
      return {
        app: peer.app,
        async close() {
          await peer.app.close();
          await peerStorage.close();
        },
      };
    },
    /** inject() with admin Basic auth unless `auth: null`. */
    async call(
      method: string,
      url: string,
      body?: unknown,
      headers: Record<string, string> = {},
      auth: string | null = BASIC,
    ) {
      const h: Record<string, string> = { accept: 'application/json', ...headers };
      if (auth) h.authorization = auth;
      if (body !== undefined && !h['content-type']) h['content-type'] = 'application/json';
      const res = await app.inject({
        method: method as any,
        url,
        headers: h,
        payload:
          body === undefined
            ? undefined
            : typeof body === 'string' || Buffer.isBuffer(body)
              ? body
              : JSON.stringify(body),
      });
      let json: any;
      try {
        json = res.body ? JSON.parse(res.body) : undefined;
      } catch {
        json = undefined;
      }
      return { status: res.statusCode, json, headers: res.headers, body: res.body };
    },
    async close() {
      await app.close();
      await storage.close();
      await database?.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type TestSite = Awaited<ReturnType<typeof startSite>>;
