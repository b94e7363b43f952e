// The backend's purge queue (packages/api/src/purge) against a real
// varnishd running the generated VCL, and against local stand-ins for the
// CDN APIs (a CDN cannot run here; those servers only record what arrives).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { cloudflareTarget, fastlyTarget, Purger, varnishTarget } from '../../api/src/purge/index.js';
import { parseStackSettings } from '../src/stack/settings.js';
import { varnishVcl } from '../src/stack/varnish.js';
import { freePorts } from './free-ports.js';
import { tempDirs } from './temp-dirs.js';

const tmp = tempDirs('tessera-stack-purge-');
const stoppers: Array<() => Promise<void>> = [];
after(async () => {
  for (const stop of stoppers.reverse()) await stop();
});

async function listen(
  handler: (req: IncomingMessage, body: string) => [number, Record<string, string>, string],
) {
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => {
      body += d;
    });
    req.on('end', () => {
      const [status, headers, text] = handler(req, body);
      res.writeHead(status, headers).end(text);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  stoppers.push(() => new Promise((r) => server.close(() => r())));
  return (server.address() as { port: number }).port;
}

test('Varnish: a queued purge by UID drops every object tagged with it; sends are retried until Varnish is up', async () => {
  let originHits = 0;
  const origin = await listen((req) => {
    if (req.url === '/haproxy-ok') return [200, {}, 'ok'];
    originHits++;
    const uid = req.url!.slice(1).split('?')[0];
    return [200, { 'cache-control': 'public, s-maxage=3600', xkey: `${uid} shared` }, `body of ${req.url}`];
  });
  const [port] = await freePorts(1);
  // Queued before Varnish listens: the first sends fail and are retried.
  const purger = new Purger([varnishTarget(`http://127.0.0.1:${port}`)], {
    baseDelay: 50,
    maxDelay: 200,
    repeatAfter: [],
  });
  purger.purge(['early']);
  await sleep(300);
  assert.deepEqual(Object.values(purger.pending()), [1], 'kept while Varnish is unreachable');
  // Now start it (spawn args are fixed at spawn: pass -f through a fresh start).
  const dir = tmp();
  const [admin] = await freePorts(1);
  const s = parseStackSettings({
    varnish: { listen: { port }, admin: { port: admin }, xCache: true },
    haproxy: { frontendsListen: { port: origin }, backendsListen: { port: origin } },
  });
  writeFileSync(join(dir, 'default.vcl'), varnishVcl(s));
  const proc = spawn(
    'varnishd',
    [
      '-F',
      '-j',
      'none',
      '-n',
      join(dir, 'work'),
      '-a',
      `127.0.0.1:${port}`,
      '-T',
      `127.0.0.1:${admin}`,
    ].concat(['-f', join(dir, 'default.vcl'), '-s', 'malloc,16m']),
    { stdio: 'ignore' },
  );
  stoppers.push(async () => {
    if (proc.exitCode === null) {
      const exited = new Promise((r) => proc.once('exit', r));
      proc.kill('SIGTERM');
      await exited;
    }
  });
  await purger.flush(20_000);
  assert.deepEqual(Object.values(purger.pending()), [0], 'sent once Varnish answered');

  const get = async (path: string) => {
    const r = await fetch(`http://127.0.0.1:${port}${path}`);
    return { cache: r.headers.get('x-cache'), body: await r.text() };
  };
  await get('/uid-a');
  await get('/uid-b');
  assert.equal((await get('/uid-a')).cache, 'HIT');
  const before = originHits;
  purger.purge(['uid-a']);
  await purger.flush();
  assert.equal((await get('/uid-a')).cache, 'MISS', 'purged');
  assert.equal((await get('/uid-b')).cache, 'HIT', 'other tags stay');
  assert.equal(originHits, before + 1);
  purger.purge(['all']);
  await purger.flush();
  assert.equal((await get('/uid-b')).cache, 'MISS', '"all" is on every object');
  await purger.close();
});

test('the queue is bounded: a backlog collapses into one purge of everything', async () => {
  const [port] = await freePorts(1); // nothing listens: every send fails
  const purger = new Purger([varnishTarget(`http://127.0.0.1:${port}`)], {
    maxPending: 5,
    baseDelay: 10_000,
    repeatAfter: [],
  });
  purger.purge(['a', 'b', 'c']);
  purger.purge(['d', 'e', 'f', 'g']);
  await sleep(100);
  assert.deepEqual(Object.values(purger.pending()), [1], 'collapsed into "all"');
  await purger.close(10);
});

// Stand-ins for the CDN APIs: they check the request shape and record it.
test('CDN purges: Cloudflare cache tags and Fastly surrogate keys (local stand-in servers), retried after an error', async () => {
  const seen: Array<{ method: string; url: string; headers: IncomingMessage['headers']; body: string }> = [];
  let failNext = true;
  const api = await listen((req, body) => {
    seen.push({ method: req.method!, url: req.url!, headers: req.headers, body });
    if (failNext) {
      failNext = false;
      return [500, {}, 'try again'];
    }
    return [200, { 'content-type': 'application/json' }, '{"success":true}'];
  });
  const endpoint = `http://127.0.0.1:${api}`;
  const cf = new Purger([cloudflareTarget({ zone: 'zone1', token: 'cf-token', endpoint })], {
    repeatAfter: [],
    baseDelay: 20,
  });
  const tags = Array.from({ length: 35 }, (_, i) => `uid-${i}`);
  cf.purge(tags);
  await cf.flush();
  const cfCalls = seen.splice(0);
  assert.equal(cfCalls.length, 3, 'one failure, then two batches (30 tags per call)');
  for (const c of cfCalls) {
    assert.equal(c.method, 'POST');
    assert.equal(c.url, '/zones/zone1/purge_cache');
    assert.equal(c.headers.authorization, 'Bearer cf-token');
  }
  assert.deepEqual(
    cfCalls
      .slice(1)
      .flatMap((c) => JSON.parse(c.body).tags)
      .sort(),
    [...tags].sort(),
  );
  cf.purge(['all']);
  await cf.flush();
  assert.deepEqual(JSON.parse(seen.splice(0)[0]!.body), { purge_everything: true });
  await cf.close();

  const fastly = new Purger([fastlyTarget({ service: 'svc1', token: 'f-token', endpoint })], {
    repeatAfter: [],
  });
  fastly.purge(['uid-1', 'uid-2']);
  await fastly.flush();
  const [call] = seen.splice(0);
  assert.equal(call!.url, '/service/svc1/purge');
  assert.equal(call!.headers['fastly-key'], 'f-token');
  assert.equal(call!.headers['surrogate-key'], 'uid-1 uid-2');
  fastly.purge(['all']);
  await fastly.flush();
  assert.equal(seen.splice(0)[0]!.url, '/service/svc1/purge_all');
  await fastly.close();

  // The repeat: a page rendered from old data that was cached after the
  // first purge is removed by the second.
  const twice = new Purger([fastlyTarget({ service: 'svc1', token: 'f-token', endpoint })], {
    repeatAfter: [50],
  });
  twice.purge(['uid-9']);
  await twice.flush();
  await sleep(150);
  await twice.flush();
  assert.deepEqual(
    seen.splice(0).map((c) => c.headers['surrogate-key']),
    ['uid-9', 'uid-9'],
  );
  await twice.close();
});
