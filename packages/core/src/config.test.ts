import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ConfigError, loadConfig } from './config.js';

test('layers: defaults < file < env < flags', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-config-'));
  const file = join(dir, 'c.json');
  writeFileSync(file, JSON.stringify({ port: 9000, siteTitle: 'From file', logLevel: 'warn' }));
  const cfg = loadConfig({
    file,
    env: { TESSERA_PORT: '9100', TESSERA_LOG_LEVEL: 'debug' },
    flags: { port: 9200 },
  });
  assert.equal(cfg.port, 9200);
  assert.equal(cfg.logLevel, 'debug');
  assert.equal(cfg.siteTitle, 'From file');
  assert.equal(cfg.host, '127.0.0.1');
  assert.ok(Object.isFrozen(cfg));
});

test('invalid values and unknown keys are refused with a clear message', () => {
  assert.throws(
    () => loadConfig({ env: {}, flags: { port: 'eighty' } }),
    (e: any) => e instanceof ConfigError && /port/.test(e.message),
  );
  assert.throws(() => loadConfig({ env: {}, flags: { sitePath: 'Plone' } }), /sitePath/);
  const dir = mkdtempSync(join(tmpdir(), 'tessera-config-'));
  const file = join(dir, 'c.json');
  writeFileSync(file, JSON.stringify({ prot: 1 }));
  assert.throws(() => loadConfig({ file, env: {} }), /prot/);
  assert.throws(() => loadConfig({ file: join(dir, 'missing.json'), env: {} }), /Cannot read/);
});

test('a short admin password is refused', () => {
  assert.throws(() => loadConfig({ env: { TESSERA_ADMIN_PASSWORD: 'short' } }), /adminPassword/);
});

test('DATABASE_URL names the database unless TESSERA_DB or --db does; workers take a count or auto', () => {
  assert.equal(loadConfig({ env: { DATABASE_URL: 'postgres://a/b' } }).db, 'postgres://a/b');
  assert.equal(
    loadConfig({ env: { DATABASE_URL: 'postgres://a/b', TESSERA_DB: 'mysql://c/d' } }).db,
    'mysql://c/d',
  );
  assert.equal(
    loadConfig({ env: { DATABASE_URL: 'postgres://a/b' }, flags: { db: 'mysql://e/f' } }).db,
    'mysql://e/f',
  );
  assert.equal(loadConfig({ env: {} }).workers, 1);
  assert.equal(loadConfig({ env: { TESSERA_WORKERS: '3' } }).workers, 3);
  assert.ok(loadConfig({ env: {}, flags: { workers: 'auto' } }).workers >= 1);
  assert.throws(() => loadConfig({ env: {}, flags: { workers: '0' } }), /workers/);
});

test('purge targets: Varnish URLs from a comma list; a CDN needs its id and a token from the environment', () => {
  const c = loadConfig({ env: { TESSERA_PURGE_URLS: 'http://127.0.0.1:6081, http://10.0.0.2:6081' } });
  assert.deepEqual(c.purgeUrls, ['http://127.0.0.1:6081', 'http://10.0.0.2:6081']);
  assert.deepEqual(loadConfig({ env: {} }).purgeUrls, []);
  assert.throws(() => loadConfig({ env: { TESSERA_PURGE_URLS: 'varnish:6081' } }), /purgeUrls/);
  assert.throws(() => loadConfig({ env: { TESSERA_PURGE_CDN: 'cloudflare' } }), /purgeCdn/);
  const cdn = loadConfig({
    env: { TESSERA_PURGE_CDN: 'fastly', TESSERA_PURGE_CDN_ID: 'svc1', TESSERA_PURGE_CDN_TOKEN: 'secret' },
  });
  assert.equal(cdn.purgeCdn, 'fastly');
  assert.equal(cdn.purgeCdnToken, 'secret');
});
