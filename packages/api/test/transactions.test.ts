// @transactions (docs/site-admin.md): the undo log, newest first, with who
// made each transaction, when, where, and the bytes of what it wrote; undo is
// refused with a 400 that says so.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startSite, type TestSite } from './harness.js';
import { addUser } from './users.js';

let s: TestSite;
let carl: string;
let member: string;

before(async () => {
  s = await startSite();
  carl = await addUser(s, 'carl', ['Site Administrator']);
  member = await addUser(s, 'mona', ['Member']);
});
after(() => s.close());

test('the log lists transactions newest first, with who, when, where and size', async () => {
  assert.equal(
    (await s.call('POST', '/', { '@type': 'Document', id: 'doc', title: 'Doc' }, {}, carl)).status,
    201,
  );
  assert.equal((await s.call('PATCH', '/doc', { title: 'Doc 2' })).status, 204);
  const log = (await s.call('GET', '/@transactions')).json;
  assert.ok(Array.isArray(log));
  const [patched, created] = log;
  for (const t of [patched, created])
    assert.deepEqual(Object.keys(t).sort(), ['description', 'id', 'size', 'time', 'username']);
  assert.equal(patched.username, 'admin');
  assert.match(patched.description, /^\/doc\b/);
  assert.equal(created.username, 'carl');
  assert.ok(created.size > 0, 'a content write has a size');
  assert.ok(Date.parse(patched.time) >= Date.parse(created.time));
  assert.notEqual(patched.id, created.id);
  // The site's creation is the system's (no user).
  const oldest = log[log.length - 1];
  assert.equal(oldest.username, '');
  assert.match(oldest.description, /Site created/);
});

test('limit caps the log; bad limits are refused', async () => {
  assert.equal((await s.call('GET', '/@transactions?limit=2')).json.length, 2);
  for (const bad of ['0', 'x', '10001', '-1'])
    assert.equal((await s.call('GET', `/@transactions?limit=${bad}`)).status, 400, bad);
});

test('undo is refused with a clear 400 and changes nothing', async () => {
  const [latest] = (await s.call('GET', '/@transactions')).json;
  const r = await s.call('PATCH', '/@transactions', { transaction_ids: [latest.id] });
  assert.equal(r.status, 400);
  assert.equal(r.json.error.type, 'BadRequest');
  assert.match(r.json.error.message, /not supported/);
  assert.equal((await s.call('GET', '/doc')).json.title, 'Doc 2');
  assert.equal((await s.call('PATCH', '/@transactions', { transaction_ids: 'x' })).status, 400);
  assert.equal((await s.call('PATCH', '/@transactions', {})).status, 400);
});

test('site administrators only', async () => {
  assert.equal((await s.call('GET', '/@transactions', undefined, {}, carl)).status, 200);
  assert.equal((await s.call('GET', '/@transactions', undefined, {}, member)).status, 403);
  assert.equal((await s.call('PATCH', '/@transactions', { transaction_ids: ['x'] }, {}, member)).status, 403);
  assert.equal((await s.call('GET', '/@transactions', undefined, {}, null)).status, 401);
});
