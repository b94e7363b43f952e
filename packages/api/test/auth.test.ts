import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { hashPassword } from '../src/auth/passwords.js';
import { ADMIN_PASSWORD, BASIC, startSite, type TestSite } from './harness.js';

let s: TestSite;
before(async () => {
  s = await startSite();
});
after(() => s.close());

test('@login gives a JWT usable as Bearer and as the auth_token cookie; renew; logout', async () => {
  const login = await s.call('POST', '/@login', { login: 'admin', password: ADMIN_PASSWORD }, {}, null);
  assert.equal(login.status, 200);
  const token = login.json.token as string;
  assert.match(token, /^[\w-]+\.[\w-]+\.[\w-]+$/);
  const header = JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString());
  assert.equal(header.alg, 'HS256');
  const bearer = await s.call('POST', '/', { '@type': 'Document', title: 'By token' }, {}, `Bearer ${token}`);
  assert.equal(bearer.status, 201);
  // A write authenticated by the cookie alone must come from this site (CSRF check).
  const cookie = await s.call(
    'POST',
    '/',
    { '@type': 'Document', title: 'By cookie' },
    { cookie: `x=1; auth_token=${token}`, origin: 'http://localhost:80' },
    null,
  );
  assert.equal(cookie.status, 201);
  const renewed = await s.call('POST', '/@login-renew', undefined, {}, `Bearer ${token}`);
  assert.equal(renewed.status, 200);
  assert.match(renewed.json.token, /^[\w-]+\.[\w-]+\.[\w-]+$/);
  assert.equal((await s.call('POST', '/@logout', undefined, {}, `Bearer ${token}`)).status, 204);
});

test('wrong passwords, forged and alg:none tokens are anonymous', async () => {
  const bad = await s.call('POST', '/@login', { login: 'admin', password: 'nope' }, {}, null);
  assert.equal(bad.status, 401);
  assert.equal(bad.json.error.type, 'Invalid credentials');
  assert.equal((await s.call('POST', '/@login', { login: 'admin' }, {}, null)).status, 400);
  const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${Buffer.from(JSON.stringify({ sub: 'admin' })).toString('base64url')}.`;
  assert.equal(
    (await s.call('POST', '/', { '@type': 'Document', title: 'x' }, {}, `Bearer ${none}`)).status,
    401,
  );
  const forged = `${Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url')}.${Buffer.from(JSON.stringify({ sub: 'admin' })).toString('base64url')}.c2lnbmF0dXJl`;
  assert.equal(
    (await s.call('POST', '/', { '@type': 'Document', title: 'x' }, {}, `Bearer ${forged}`)).status,
    401,
  );
});

test('a remembered Basic header stops working once the password changes', async () => {
  assert.equal((await s.call('POST', '/', { '@type': 'Document', title: 'Before' })).status, 201);
  // Change the password behind the API's back (as another process would).
  const admin = await s.storage.read((tx) => tx.userById('admin'));
  await s.storage.write({ principal: 'test' }, async (tx) =>
    tx.putUser({ ...admin!, passwordHash: await hashPassword('a-brand-new-password') }),
  );
  assert.equal((await s.call('POST', '/', { '@type': 'Document', title: 'After' }, {}, BASIC)).status, 401);
  const fresh = `Basic ${Buffer.from('admin:a-brand-new-password').toString('base64')}`;
  assert.equal((await s.call('POST', '/', { '@type': 'Document', title: 'After' }, {}, fresh)).status, 201);
});
