// The pure parts of the metrics: who may scrape, how routes are labelled,
// and the gauge registration other modules (the purger) use.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isPrivateAddress } from '@tessera/core';
import { routeOf } from './http.js';
import { registerGauge, registry } from './registry.js';

test('loopback and private addresses are private; public ones and garbage are not', () => {
  for (const a of [
    '127.0.0.1',
    '::1',
    '::ffff:127.0.0.1',
    '10.1.2.3',
    '172.20.0.5',
    '192.168.1.1',
    'fd00::1',
  ])
    assert.equal(isPrivateAddress(a), true, a);
  for (const a of ['8.8.8.8', '172.32.0.1', '2001:db8::1', '::ffff:1.2.3.4', '', undefined, 'not-an-ip'])
    assert.equal(isPrivateAddress(a), false, String(a));
});

test('route labels: services by name, content, health endpoints; 404s and invented names stay bounded', () => {
  assert.equal(routeOf('/ok', 200), 'ok');
  assert.equal(routeOf('/ready?x=1', 503), 'ready');
  assert.equal(routeOf('/news/item', 200), 'content');
  assert.equal(routeOf('/news/@search?SearchableText=x', 200), '@search');
  assert.equal(routeOf('/@vocabularies/plone.app.vocabularies.Keywords', 200), '@vocabularies');
  assert.equal(routeOf('/img/@@images/image/preview', 200), '@@images');
  assert.equal(routeOf('/@whatever', 404), 'not_found');
  assert.equal(routeOf('/@bad name!', 200), 'other');
  const labels = new Set<string>();
  for (let i = 0; i < 500; i++) labels.add(routeOf(`/@made-up-${i}`, 200));
  assert.ok(labels.size <= 101, `${labels.size} labels`);
  assert.ok(labels.has('other'));
});

test('registerGauge: read at scrape time; registering the name again replaces the reader', async () => {
  let queue = 3;
  registerGauge({ name: 'tessera_test_queue_length', help: 'test', read: () => queue });
  assert.match(await registry.metrics(), /^tessera_test_queue_length 3$/m);
  queue = 7;
  assert.match(await registry.metrics(), /^tessera_test_queue_length 7$/m);
  registerGauge({ name: 'tessera_test_queue_length', help: 'test', read: async () => 11 });
  assert.match(await registry.metrics(), /^tessera_test_queue_length 11$/m);
});
