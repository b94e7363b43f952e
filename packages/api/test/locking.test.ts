// @lock: take, read, refresh and remove edit locks; the `lock` key of
// content; the 423 every write to an item locked by someone else gets (with
// who holds it), the Lock-Token header that lets it through; expiry;
// stealing (allowed for stealable locks and administrators, refused
// otherwise); permissions.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startSite, type TestSite } from './harness.js';
import { addUser } from './users.js';

let s: TestSite;
const auth: Record<string, string> = {};

before(async () => {
  s = await startSite();
  auth.editor = await addUser(s, 'editor', ['Editor']);
  auth.other = await addUser(s, 'other', ['Editor']);
  auth.reader = await addUser(s, 'reader', ['Reader']);
  auth.site = await addUser(s, 'siteadmin', ['Site Administrator']);
});
after(() => s.close());

let n = 0;
async function doc() {
  const id = `doc-${++n}`;
  const r = await s.call('POST', '/', { '@type': 'Document', id, title: `Doc ${n}` });
  assert.equal(r.status, 201, r.body);
  return `/${id}`;
}

test('an unlocked item: GET @lock and the lock key say so', async () => {
  const p = await doc();
  const r = await s.call('GET', `${p}/@lock`);
  assert.equal(r.status, 200);
  assert.deepEqual(r.json, { locked: false, stealable: true });
  assert.deepEqual((await s.call('GET', p)).json.lock, { locked: false, stealable: true });
});

test('POST @lock takes a lock; GET shows it; the creator sees the token', async () => {
  const p = await doc();
  const r = await s.call('POST', `${p}/@lock`, undefined, {}, auth.editor);
  assert.equal(r.status, 200, r.body);
  assert.equal(r.json.locked, true);
  assert.equal(r.json.creator, 'editor');
  assert.equal(r.json.creator_name, 'editor');
  assert.match(r.json.creator_url, /\/author\/editor$/);
  assert.equal(r.json.stealable, true);
  assert.equal(r.json.timeout, 600);
  assert.equal(r.json.name, 'plone.locking.stealable');
  assert.equal(typeof r.json.time, 'number');
  assert.match(r.json.created, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/);
  assert.equal(typeof r.json.token, 'string');
  const mine = await s.call('GET', p, undefined, {}, auth.editor);
  assert.equal(mine.json.lock.locked, true);
  assert.equal(mine.json.lock.token, r.json.token);
  // Someone else sees the lock, not its token.
  const theirs = await s.call('GET', p, undefined, {}, auth.other);
  assert.equal(theirs.json.lock.locked, true);
  assert.equal(theirs.json.lock.token, undefined);
  assert.equal((await s.call('GET', `${p}/@lock`, undefined, {}, auth.other)).json.creator, 'editor');
});

test('writes to an item locked by someone else are refused with 423, naming who holds it', async () => {
  const p = await doc();
  const lock = await s.call('POST', `${p}/@lock`, undefined, {}, auth.editor);
  const patch = await s.call('PATCH', p, { title: 'Theirs' }, {}, auth.other);
  assert.equal(patch.status, 423, patch.body);
  assert.equal(patch.json.error.type, 'Locked');
  assert.match(patch.json.error.message, /locked by editor/);
  assert.equal(patch.json.error.lock.creator, 'editor');
  for (const [method, url, body] of [
    ['PUT', p, { title: 'x' }],
    ['DELETE', p, undefined],
    ['POST', `${p}/@workflow/publish`, {}],
  ] as const) {
    const r = await s.call(method, url, body, {}, auth.site);
    assert.equal(r.status, 423, `${method} ${url}: ${r.body}`);
  }
  // Nothing was written.
  assert.equal((await s.call('GET', p)).json.title, `Doc ${n}`);
  // The holder writes; so does anyone who sends the lock's token.
  assert.equal((await s.call('PATCH', p, { title: 'Mine' }, {}, auth.editor)).status, 204);
  const withToken = await s.call(
    'PATCH',
    p,
    { title: 'Token' },
    { 'lock-token': lock.json.token },
    auth.other,
  );
  assert.equal(withToken.status, 204, withToken.body);
  assert.equal((await s.call('GET', p)).json.title, 'Token');
  // A token that is not the lock's (a stale form) is refused, even for the holder.
  const stale = await s.call('PATCH', p, { title: 'Stale' }, { 'lock-token': 'not-the-token' }, auth.editor);
  assert.equal(stale.status, 423);
  // Adding content inside a locked folder is not an edit of the folder.
  await s.call('POST', '/', { '@type': 'Folder', id: 'locked-folder', title: 'F' });
  await s.call('POST', '/locked-folder/@lock', undefined, {}, auth.editor);
  const add = await s.call(
    'POST',
    '/locked-folder',
    { '@type': 'Document', id: 'in', title: 'In' },
    {},
    auth.site,
  );
  assert.equal(add.status, 201, add.body);
});

test('a lock on the site root does not block site administration', async () => {
  await s.call('POST', '/@lock', undefined, {}, auth.site);
  const r = await s.call('POST', '/@users', {
    username: 'newbie',
    email: 'newbie@example.org',
    password: 'a-long-password',
  });
  assert.equal(r.status, 201, r.body);
  assert.equal((await s.call('PATCH', '/', { title: 'Root' }, {}, auth.editor)).status, 423);
  assert.equal((await s.call('DELETE', '/@lock', undefined, {}, auth.site)).status, 200);
});

test('a lock that expires is no lock', async () => {
  const p = await doc();
  const taken = Date.now();
  const r = await s.call('POST', `${p}/@lock`, { timeout: 2 }, {}, auth.editor);
  assert.equal(r.json.timeout, 2);
  const blocked = await s.call('PATCH', p, { title: 'Blocked' }, {}, auth.other);
  // On a slow machine the two seconds may be over already; then there is nothing to see here.
  if (Date.now() - taken < 1900) assert.equal(blocked.status, 423);
  await new Promise((res) => setTimeout(res, Math.max(0, taken + 2100 - Date.now())));
  assert.deepEqual((await s.call('GET', `${p}/@lock`)).json, { locked: false, stealable: true });
  assert.equal((await s.call('GET', p, undefined, {}, auth.other)).json.lock.locked, false);
  assert.equal((await s.call('PATCH', p, { title: 'Free' }, {}, auth.other)).status, 204);
});

test('PATCH @lock refreshes the holder’s lock; others change nothing', async () => {
  const p = await doc();
  const first = await s.call('POST', `${p}/@lock`, undefined, {}, auth.editor);
  await new Promise((res) => setTimeout(res, 20));
  const refreshed = await s.call('PATCH', `${p}/@lock`, undefined, {}, auth.editor);
  assert.equal(refreshed.status, 200);
  assert.equal(refreshed.json.token, first.json.token);
  assert.ok(refreshed.json.time > first.json.time);
  const byOther = await s.call('PATCH', `${p}/@lock`, undefined, {}, auth.other);
  assert.equal(byOther.json.creator, 'editor');
  assert.equal(byOther.json.time, refreshed.json.time);
  // POST by someone else leaves the lock as it is (plone.locking), and says whose it is.
  const again = await s.call('POST', `${p}/@lock`, undefined, {}, auth.other);
  assert.equal(again.json.creator, 'editor');
});

test('DELETE @lock: own lock; others need force, and stealable or an administrator', async () => {
  const p = await doc();
  await s.call('POST', `${p}/@lock`, undefined, {}, auth.editor);
  assert.equal((await s.call('DELETE', `${p}/@lock`, undefined, {}, auth.other)).status, 423);
  const stolen = await s.call('DELETE', `${p}/@lock`, { force: true }, {}, auth.other);
  assert.equal(stolen.status, 200, stolen.body);
  assert.deepEqual(stolen.json, { locked: false, stealable: true });

  const nonStealable = await s.call(
    'POST',
    `${p}/@lock`,
    { stealable: false, timeout: 3600 },
    {},
    auth.editor,
  );
  assert.equal(nonStealable.json.stealable, false);
  assert.equal(nonStealable.json.timeout, 3600);
  const refused = await s.call('DELETE', `${p}/@lock`, { force: true }, {}, auth.other);
  assert.equal(refused.status, 423);
  assert.equal((await s.call('GET', `${p}/@lock`)).json.locked, true);
  // The deprecated POST @unlock spelling, by an administrator: allowed.
  const byAdmin = await s.call('POST', `${p}/@unlock`, { force: true }, {}, auth.site);
  assert.equal(byAdmin.status, 200, byAdmin.body);
  assert.equal(byAdmin.json.locked, false);
  // Own lock, no force needed.
  await s.call('POST', `${p}/@lock`, undefined, {}, auth.editor);
  assert.equal((await s.call('DELETE', `${p}/@lock`, undefined, {}, auth.editor)).json.locked, false);
});

test('permissions: readers and anonymous cannot lock or unlock; bad input is a 400', async () => {
  const p = await doc();
  assert.equal((await s.call('POST', `${p}/@lock`, undefined, {}, auth.reader)).status, 403);
  assert.equal((await s.call('POST', `${p}/@lock`, undefined, {}, null)).status, 401);
  await s.call('POST', `${p}/@lock`, undefined, {}, auth.editor);
  assert.equal((await s.call('DELETE', `${p}/@lock`, { force: true }, {}, auth.reader)).status, 403);
  assert.equal((await s.call('GET', `${p}/@lock`, undefined, {}, auth.reader)).status, 200);
  const bad = await s.call('POST', `${p}/@lock`, { timeout: 'soon' }, {}, auth.other);
  assert.equal(bad.status, 400);
  assert.equal(bad.json.error.type, 'BadRequest');
});

test('cached content responses follow the lock, in this process and in another one', async () => {
  const p = await doc();
  const peer = await s.peer();
  try {
    const viaPeer = () =>
      peer.app.inject({
        method: 'GET',
        url: p,
        headers: { authorization: auth.other!, accept: 'application/json' },
      });
    assert.equal((await s.call('GET', p, undefined, {}, auth.other)).json.lock.locked, false);
    assert.equal(JSON.parse((await viaPeer()).body).lock.locked, false);
    await s.call('POST', `${p}/@lock`, undefined, {}, auth.editor);
    assert.equal((await s.call('GET', p, undefined, {}, auth.other)).json.lock.locked, true);
    assert.equal(JSON.parse((await viaPeer()).body).lock.locked, true);
    await s.call('DELETE', `${p}/@lock`, undefined, {}, auth.editor);
    assert.equal((await s.call('GET', p, undefined, {}, auth.other)).json.lock.locked, false);
    assert.equal(JSON.parse((await viaPeer()).body).lock.locked, false);
  } finally {
    await peer.close();
  }
});
