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
