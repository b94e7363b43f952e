import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startSite, type TestSite } from './harness.js';

let s: TestSite;
before(async () => {
  s = await startSite();
});
after(() => s.close());

test('@types schema edits: add a field, refuse bad edits with 400, unknown names with 404', async () => {
  const add = await s.call('POST', '/@types/Document', { factory: 'Text line (String)', title: 'Subtitle' });
  assert.equal(add.status, 201, add.body);
  assert.ok((await s.call('GET', '/@types/Document')).json.properties.subtitle);
  assert.equal((await s.call('POST', '/@types/Document', { title: 'No factory' })).status, 400);
  const missing = await s.call('DELETE', '/@types/Document/no_such_field');
  assert.equal(missing.status, 404, missing.body);
  assert.equal((await s.call('GET', '/@types/NoSuchType')).status, 404);
  assert.equal((await s.call('DELETE', '/@types/Document/subtitle')).status, 204);
  assert.equal((await s.call('GET', '/@types/Document')).json.properties.subtitle, undefined);
});

test('a schema edit through @types applies to the next create, serialization and validation at once', async () => {
  // Types' derived data (effective fields, …) is computed once per loaded
  // definition: an edit must load a new one, not reuse the old.
  const before = await s.call('POST', '/', { '@type': 'Document', title: 'Before', tagline: 'x' });
  assert.equal(before.status, 400, 'not a field yet');
  const add = await s.call('POST', '/@types/Document', {
    factory: 'Text line (String)',
    title: 'Tagline',
    required: true,
  });
  assert.equal(add.status, 201, add.body);
  const missing = await s.call('POST', '/', { '@type': 'Document', title: 'No tagline' });
  assert.equal(missing.status, 400, 'the new field is required');
  const created = await s.call('POST', '/', { '@type': 'Document', title: 'With tagline', tagline: 'Hello' });
  assert.equal(created.status, 201, created.body);
  assert.equal(created.json.tagline, 'Hello');
  assert.equal((await s.call('GET', '/with-tagline')).json.tagline, 'Hello');
  assert.equal((await s.call('DELETE', '/@types/Document/tagline')).status, 204);
  assert.equal((await s.call('GET', '/with-tagline')).json.tagline, undefined, 'no longer a field');
  const after = await s.call('POST', '/', { '@type': 'Document', title: 'After', tagline: 'x' });
  assert.equal(after.status, 400, 'unknown again');
  assert.equal((await s.call('POST', '/', { '@type': 'Document', title: 'After' })).status, 201);
});
