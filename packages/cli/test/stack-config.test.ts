// `tessera stack config`: the generated files are accepted by the real
// servers' own checkers (nginx -t, varnishd -C, haproxy -c), and bad
// settings are refused with the key named.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ConfigError } from '@tessera/core';
import { parseStackSettings, readStackSettings } from '../src/stack/settings.js';
import { writeStackConfig } from '../src/stack/write.js';
import { runTessera } from './process.js';
import { tempDirs } from './temp-dirs.js';

const tmp = tempDirs('tessera-stack-config-');

function check(cmd: string, args: string[]) {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  assert.equal(r.status, 0, `${cmd} ${args.join(' ')}:\n${r.stdout}\n${r.stderr}`);
}

test('stack config writes nginx, Varnish and HAProxy files that their own checkers accept', async () => {
  const root = tmp();
  const cert = join(root, 'cert.pem');
  const key = join(root, 'key.pem');
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=www.example.org'].concat([
      '-keyout',
      key,
      '-out',
      cert,
    ]),
    { stdio: 'ignore' },
  );
  const run = join(root, 'run');
  const logs = join(root, 'logs');
  for (const d of [run, logs, join(root, 'blobs')]) mkdirSync(d);
  const settings = {
    serverNames: ['www.example.org', 'example.org'],
    tls: { cert, key },
    blobs: { dir: join(root, 'blobs') },
    backends: [
      { host: '10.0.0.11', port: 8080 },
      { host: '10.0.0.12', port: 8080 },
      { host: '10.0.0.13', port: 8080 },
    ],
    frontends: [
      { host: '10.0.0.21', port: 3000 },
      { host: '10.0.0.22', port: 3000 },
    ],
    purgers: ['10.0.0.11', '10.0.0.12', '10.0.0.13'],
    paths: { run, logs },
  };
  const file = join(root, 'settings.json');
  writeFileSync(file, JSON.stringify(settings));
  const out = join(root, 'generated');
  const r = await runTessera(['stack', 'config', '--settings', file, '--out', out]);
  assert.equal(r.code, 0, r.err);

  const nginx = readFileSync(join(out, 'nginx.conf'), 'utf8');
  assert.match(nginx, /listen 0\.0\.0\.0:443 ssl http2/);
  assert.match(nginx, /return 301 https:\/\/\$host\$request_uri/);
  assert.match(nginx, /location \/_blobs\/ \{\s+internal;/);
  check('nginx', ['-t', '-q', '-p', run, '-c', join(out, 'nginx.conf'), '-e', join(logs, 'check.log')]);

  const vcl = readFileSync(join(out, 'default.vcl'), 'utf8');
  for (const ip of settings.purgers) assert.match(vcl, new RegExp(`"${ip.replace(/\./g, '\\.')}";`));
  assert.doesNotMatch(vcl, /X-Cache = "HIT"/, 'X-Cache is off unless asked for');
  check('varnishd', ['-C', '-j', 'none', '-n', join(root, 'varnish'), '-f', join(out, 'default.vcl')]);

  const haproxy = readFileSync(join(out, 'haproxy.cfg'), 'utf8');
  assert.match(haproxy, /server b3 10\.0\.0\.13:8080 check maxconn 16/);
  assert.match(haproxy, /server f2 10\.0\.0\.22:3000 check maxconn 32/);
  assert.doesNotMatch(haproxy, /^\s*cookie /m, 'HAProxy never sets a cookie');
  check('haproxy', ['-c', '-q', '-f', join(out, 'haproxy.cfg')]);
});

test('bad stack settings are refused, naming the key', async () => {
  const root = tmp();
  const cases: Array<[unknown, RegExp]> = [
    [{ backends: [{ host: '127.0.0.1', port: 'x' }] }, /backends\.0\.port/],
    [{ tls: { cert: '/etc/x.pem; include /etc/shadow', key: '' } }, /tls\.cert/],
    [{ serverNames: ['evil"; }'] }, /serverNames\.0/],
    [{ paths: { run: 'relative/run' } }, /must be an absolute path/],
    [{ unknownKey: 1 }, /unknownKey|Unrecognized/],
  ];
  for (const [settings, message] of cases)
    assert.throws(
      () => parseStackSettings(settings),
      (err: Error) => err instanceof ConfigError && message.test(err.message),
    );
  // Through the command: exit 2 and the message.
  const file = join(root, 'bad.json');
  writeFileSync(file, JSON.stringify(cases[0]![0]));
  const r = await runTessera(['stack', 'config', '--settings', file, '--out', join(root, 'out')]);
  assert.equal(r.code, 2);
  assert.match(r.err, /backends\.0\.port/);
  const many = await runTessera(['stack', 'up', '--backends', '2', '--dir', join(root, 'up')], {
    TESSERA_DB: '',
  });
  assert.equal(many.code, 2);
  assert.match(many.err, /several backends need PostgreSQL or MariaDB/);
});

test('deploy/generated is what stack config makes of deploy/stack.example.json (regenerate it after changing a generator)', () => {
  const repo = join(import.meta.dirname, '..', '..', '..');
  const out = tmp();
  writeStackConfig(readStackSettings(join(repo, 'deploy', 'stack.example.json')), out);
  for (const name of ['nginx.conf', 'default.vcl', 'haproxy.cfg', 'stack-settings.json'])
    assert.equal(
      readFileSync(join(out, name), 'utf8'),
      readFileSync(join(repo, 'deploy', 'generated', name), 'utf8'),
      `${name}: run tessera stack config --settings deploy/stack.example.json --out deploy/generated`,
    );
});
