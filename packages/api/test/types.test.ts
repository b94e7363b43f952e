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
