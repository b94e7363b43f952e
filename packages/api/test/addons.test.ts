// @addons (docs/site-admin.md): Tessera has no installable add-ons, so the
// list is empty and naming one is a 404 that says why.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startSite, type TestSite } from './harness.js';
import { addUser } from './users.js';

let s: TestSite;
let member: string;

before(async () => {
  s = await startSite();
  member = await addUser(s, 'mona', ['Member']);
});
after(() => s.close());

test('the list is empty, in plone.restapi’s shape', async () => {
  const r = await s.call('GET', '/@addons');
  assert.equal(r.status, 200);
  assert.deepEqual(r.json, { items: [] });
  assert.deepEqual((await s.call('GET', '/@addons?upgradeable=1')).json, { items: [] });
});

test('naming an add-on is a 404; a malformed request a 400', async () => {
  const one = await s.call('GET', '/@addons/plone.session');
  assert.equal(one.status, 404);
  assert.match(one.json.error.message, /no installable add-ons/);
  for (const action of ['install', 'uninstall', 'upgrade'])
    assert.equal((await s.call('POST', `/@addons/plone.session/${action}`)).status, 404, action);
  assert.equal((await s.call('POST', '/@addons/plone.restapi/import/testing-workflows')).status, 404);
  assert.equal((await s.call('POST', '/@addons/plone.session/explode')).status, 400);
  assert.equal((await s.call('POST', '/@addons')).status, 400);
});

test('site administrators only', async () => {
  assert.equal((await s.call('GET', '/@addons', undefined, {}, member)).status, 403);
  assert.equal((await s.call('POST', '/@addons/x/install', undefined, {}, member)).status, 403);
  assert.equal((await s.call('GET', '/@addons', undefined, {}, null)).status, 401);
});
