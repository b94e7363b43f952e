// The security control panel's switches as the user endpoints obey them:
// self-registration (with or without choosing a password) and e-mail as login.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startSite, type TestSite } from './harness.js';

let s: TestSite;
before(async () => {
  s = await startSite();
});
after(() => s.close());

const register = (body: unknown) => s.call('POST', '/@users', body, {}, null);

test('anonymous registration is refused until the site enables it', async () => {
  const r = await register({ username: 'early', email: 'early@example.org', password: 'early-password' });
  assert.equal(r.status, 401);
});

test('with self-registration on, a visitor creates a Member account, and nothing more', async () => {
  const panel = { enable_self_reg: true, enable_user_pwd_choice: true };
  assert.equal((await s.call('PATCH', '/@controlpanels/security', panel)).status, 204);
  const r = await register({
    username: 'visitor',
    email: 'visitor@example.org',
    password: 'visitor-password',
  });
  assert.equal(r.status, 201, r.body);
  const login = await s.call('POST', '/@login', { login: 'visitor', password: 'visitor-password' }, {}, null);
  assert.equal(login.status, 200);
  const me = await s.call('GET', '/@users/visitor');
  assert.deepEqual(me.json.roles, ['Member']);

  const escalate = await register({
    username: 'sneaky',
    email: 'sneaky@example.org',
    password: 'sneaky-password',
    roles: ['Manager'],
  });
  assert.equal(escalate.status, 403);
  assert.equal((await s.call('GET', '/@users/sneaky')).status, 404, 'nothing half-written');
  assert.equal((await register({ username: 'nopw', email: 'nopw@example.org' })).status, 400);
});

test('without password choice, a visitor may not set a password', async () => {
  assert.equal(
    (await s.call('PATCH', '/@controlpanels/security', { enable_user_pwd_choice: false })).status,
    204,
  );
  const r = await register({
    username: 'chooser',
    email: 'chooser@example.org',
    password: 'chooser-password',
  });
  assert.equal(r.status, 400);
});

test('with e-mail as login, the user name defaults to the e-mail address', async () => {
  assert.equal((await s.call('PATCH', '/@controlpanels/security', { use_email_as_login: true })).status, 204);
  const r = await s.call('POST', '/@users', { email: 'ann@example.org', password: 'ann-password-1' });
  assert.equal(r.status, 201, r.body);
  assert.equal(r.json.id, 'ann@example.org');
  const login = await s.call(
    'POST',
    '/@login',
    { login: 'ann@example.org', password: 'ann-password-1' },
    {},
    null,
  );
  assert.equal(login.status, 200);
});
