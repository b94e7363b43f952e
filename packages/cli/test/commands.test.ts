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
  for (const cmd of ['serve', 'init']) {
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
