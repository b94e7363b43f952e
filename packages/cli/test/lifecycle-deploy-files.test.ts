// The deployment files (deploy/systemd, docker, compose, helm) cannot run on
// this machine (no systemd as init, no Docker daemon, no Kubernetes): this
// lints what can be linted here — systemd units with systemd-analyze, YAML
// with Python's yaml module (Debian's python3-yaml) — and checks that each
// file keeps the properties docs/deployment.md promises.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const DEPLOY = fileURLToPath(new URL('../../../deploy/', import.meta.url));
const read = (path: string) => readFileSync(join(DEPLOY, path), 'utf8');
const has = (cmd: string, args: string[]) => spawnSync(cmd, args).status === 0;
const hasSystemd = has('systemd-analyze', ['--version']);
const hasYaml = has('python3', ['-c', 'import yaml']);

function parseYaml(path: string): any {
  const r = spawnSync(
    'python3',
    [
      '-c',
      'import json,sys,yaml; print(json.dumps(list(yaml.safe_load_all(open(sys.argv[1])))))',
      join(DEPLOY, path),
    ],
    { encoding: 'utf8' },
  );
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

test('systemd units pass systemd-analyze verify and keep their promises', {
  skip: !hasSystemd && 'no systemd-analyze',
}, () => {
  const units = readdirSync(join(DEPLOY, 'systemd')).filter((f) => /\.(service|timer)$/.test(f));
  assert.deepEqual(units.sort(), [
    'tessera-backend.service',
    'tessera-frontend.service',
    'tessera-pack.service',
    'tessera-pack.timer',
  ]);
  const r = spawnSync(
    'systemd-analyze',
    ['verify', '--man=no', ...units.map((u) => join(DEPLOY, 'systemd', u))],
    {
      encoding: 'utf8',
    },
  );
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr.trim(), '', 'no warnings');
  for (const name of ['tessera-backend.service', 'tessera-frontend.service']) {
    const unit = read(`systemd/${name}`);
    assert.match(unit, /^User=tessera$/m);
    assert.match(unit, /^Restart=on-failure$/m);
    assert.match(unit, /^ExecReload=\/bin\/kill -USR2 \$MAINPID$/m);
    assert.match(unit, /^NoNewPrivileges=yes$/m);
    assert.match(unit, /^ProtectSystem=strict$/m);
    assert.match(unit, /^TimeoutStopSec=45$/m, 'above the 30 s default drain timeout');
  }
  assert.match(read('systemd/tessera-pack.service'), /tessera\.js pack --days/);
});

test('Dockerfiles: multi-stage on node:20-slim, non-root, health check', () => {
  for (const name of ['backend.Dockerfile', 'frontend.Dockerfile']) {
    const text = read(`docker/${name}`);
    const froms = text.match(/^FROM .*/gm) ?? [];
    assert.ok(froms.length >= 2, `${name} is multi-stage`);
    for (const f of froms) assert.match(f, /^FROM node:20-slim\b/);
    const users = text.match(/^USER .*/gm) ?? [];
    assert.deepEqual(users, ['USER node'], name);
    assert.match(text, /^HEALTHCHECK .*\n?.*\/ok/m);
    assert.match(read(`docker/${name}.dockerignore`), /\*\*\/node_modules/);
  }
});

test('compose file and Helm values parse as YAML; the topology and probes are all there', {
  skip: !hasYaml && 'no python3-yaml',
}, () => {
  const [compose] = parseYaml('compose/compose.yaml');
  assert.deepEqual(Object.keys(compose.services).sort(), [
    'backend-1',
    'backend-2',
    'frontend-1',
    'frontend-2',
    'haproxy',
    'nginx',
    'postgres',
    'redis',
    'varnish',
  ]);
  for (const s of ['backend-1', 'backend-2']) {
    assert.equal(compose.services[s].build.dockerfile, 'deploy/docker/backend.Dockerfile');
    assert.match(compose.services[s].healthcheck.test.join(' '), /\/ready/);
    assert.match(compose.services[s].environment.TESSERA_DB, /^postgres:\/\//);
  }
  for (const s of ['frontend-1', 'frontend-2'])
    assert.equal(compose.services[s].build.dockerfile, 'deploy/docker/frontend.Dockerfile');
  for (const s of ['nginx', 'varnish', 'haproxy'])
    assert.ok(compose.services[s].volumes.includes('../generated:/etc/tessera-stack:ro'), s);

  const [chart] = parseYaml('helm/tessera/Chart.yaml');
  assert.equal(chart.apiVersion, 'v2');
  const [values] = parseYaml('helm/tessera/values.yaml');
  assert.equal(values.podSecurityContext.runAsNonRoot, true);
  assert.ok(values.podDisruptionBudget.minAvailable >= 1);
  assert.ok(values.pack.schedule);
  const templates = readdirSync(join(DEPLOY, 'helm/tessera/templates'))
    .map((f) => read(`helm/tessera/templates/${f}`))
    .join('\n');
  assert.match(templates, /livenessProbe:\s+httpGet: \{ path: \/ok/);
  assert.match(templates, /readinessProbe:\s+httpGet: \{ path: \/ready/);
  assert.match(templates, /kind: PodDisruptionBudget/);
  assert.match(templates, /kind: CronJob[\s\S]*args: \["pack"/);
});
