import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { BIN } from './process.js';

function tessera(args: string[], env: Record<string, string> = {}) {
  const { NODE_TEST_CONTEXT: _, ...inherited } = process.env;
  const r = spawnSync(process.execPath, [BIN, ...args], { env: { ...inherited, ...env }, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('--help everywhere; unknown commands and options are refused', () => {
  const top = tessera(['--help']);
  assert.equal(top.code, 0);
  assert.match(top.out, /serve/);
  assert.match(top.out, /init/);
  // Every command the top-level help lists answers --help with its usage.
  const listed = [...top.out.matchAll(/^ {2}([a-z-]+) /gm)].map((m) => m[1]!);
  assert.ok(listed.length >= 5, top.out);
  for (const cmd of listed) {
    const r = tessera([cmd, '--help']);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, new RegExp(`Usage: tessera ${cmd}`));
  }
  assert.equal(tessera(['bogus']).code, 2);
  const bad = tessera(['serve', '--prot', '1']);
  assert.equal(bad.code, 2);
  assert.match(bad.err, /--prot/);
});

test('init creates a site once, with a generated password printed once', () => {
  const data = mkdtempSync(join(tmpdir(), 'tessera-init-'));
  try {
    const first = tessera(['init', '--data', data]);
    assert.equal(first.code, 0, first.err);
    assert.match(first.out, /Generated password \(shown once\): \S{16,}/);
    const second = tessera(['init', '--data', data]);
    assert.equal(second.code, 1);
    assert.match(second.err, /exists already/);
    const badConfig = tessera(['init', '--data', data], { TESSERA_PORT: 'eighty' });
    assert.equal(badConfig.code, 2);
    assert.match(badConfig.err, /port/);
  } finally {
    rmSync(data, { recursive: true, force: true });
  }
});

test('rotate-jwt-secret writes a new secret and keeps the old one for the grace period', async () => {
  const { openStorage } = await import('@tessera/storage');
  const data = mkdtempSync(join(tmpdir(), 'tessera-rotate-'));
  const secrets = async () => {
    const storage = openStorage({ db: '', dataDir: data });
    try {
      return await storage.read(async (tx) => ({
        current: await tx.getSetting<string>('jwt_secret'),
        previous: await tx.getSetting<{ secret: string; until: string } | null>('jwt_previous'),
      }));
    } finally {
      await storage.close();
    }
  };
  try {
    assert.equal(tessera(['rotate-jwt-secret', '--data', data]).code, 1, 'no site yet');
    assert.equal(tessera(['init', '--data', data], { TESSERA_ADMIN_PASSWORD: 'long-enough-pw' }).code, 0);
    const first = await secrets();
    const kept = tessera(['rotate-jwt-secret', '--data', data, '--grace', '60']);
    assert.equal(kept.code, 0, kept.err);
    assert.match(kept.out, /valid until/);
    const second = await secrets();
    assert.notEqual(second.current, first.current);
    assert.equal(second.previous?.secret, first.current);
    assert.equal(tessera(['rotate-jwt-secret', '--data', data, '--grace', '0']).code, 0);
    const third = await secrets();
    assert.notEqual(third.current, second.current);
    assert.equal(third.previous, null);
    assert.equal(tessera(['rotate-jwt-secret', '--data', data, '--grace', 'soon']).code, 2);
  } finally {
    rmSync(data, { recursive: true, force: true });
  }
});
