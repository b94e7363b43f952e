import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createSigner } from 'fast-jwt';
import { hashPasswordWith, needsRehash } from '../src/auth/passwords.js';
import { startSite, type TestSite } from './harness.js';

let s: TestSite;
before(async () => {
  s = await startSite({ loginMaxFailures: 3, loginMaxFailuresPerAddress: 6, loginThrottleWindow: 60 });
});
after(() => s.close());

const PW = 'a-good-long-password';
const bearer = (t: string) => `Bearer ${t}`;
const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');

async function addUser(id: string, extra: Record<string, unknown> = {}) {
  const res = await s.call('POST', '/@users', {
    username: id,
    email: `${id}@example.org`,
    password: PW,
    ...extra,
  });
  assert.equal(res.status, 201, JSON.stringify(res.json));
}

async function login(user: string, password = PW, headers: Record<string, string> = {}) {
  const res = await s.call('POST', '/@login', { login: user, password }, headers, null);
  return res;
}

/** Reads the user's own record: 200 with a live token, 401 when the token counts for nothing. */
const whoami = (user: string, token: string) =>
  s.call('GET', `/@users/${user}`, undefined, {}, bearer(token));

async function secret(): Promise<string> {
  return (await s.storage.read((tx) => tx.getSetting<string>('jwt_secret')))!;
}

test('forged, alg:none, other-algorithm and expired tokens are refused (401)', async () => {
  await addUser('tokie');
  const user = (await s.site.users.byId('tokie'))!;
  const claims = { sub: 'tokie', fullname: '', gen: user.tokenGen, sid: 'some-session' };
  const none = `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`;
  const wrongKey = createSigner({ key: 'not-the-secret', algorithm: 'HS256' })(claims);
  const hs512 = createSigner({ key: await secret(), algorithm: 'HS512' })(claims);
  const expired = createSigner({ key: await secret(), algorithm: 'HS256' })({
    ...claims,
    exp: Math.floor(Date.now() / 1000) - 10,
  });
  const noGen = createSigner({ key: await secret(), algorithm: 'HS256' })({
    sub: 'tokie',
    fullname: '',
    sid: 'x',
  });
  const wrongGen = createSigner({ key: await secret(), algorithm: 'HS256' })({
    ...claims,
    gen: user.tokenGen + 1,
  });
  const valid = createSigner({ key: await secret(), algorithm: 'HS256' })(claims);
  for (const t of [none, wrongKey, hs512, expired, noGen, wrongGen, 'garbage']) {
    const res = await whoami('tokie', t);
    assert.equal(res.status, 401, t);
    assert.equal(res.json.type, 'Unauthorized');
  }
  assert.equal((await whoami('tokie', valid)).status, 200, 'the same claims, properly signed, work');
});

test('@logout ends the login session: its tokens and their renewals, in every process', async () => {
  await addUser('leaver');
  const peer = await s.peer();
  try {
    const t1 = (await login('leaver')).json.token;
    const t2 = (await login('leaver')).json.token;
    assert.equal((await whoami('leaver', t1)).status, 200);
    const renewed = await s.call('POST', '/@login-renew', undefined, {}, bearer(t1));
    assert.equal(renewed.status, 200);
    const viaPeer = () =>
      peer.app.inject({ method: 'GET', url: '/@users/leaver', headers: { authorization: bearer(t1) } });
    assert.equal((await viaPeer()).statusCode, 200);
    const out = await s.call('POST', '/@logout', undefined, {}, bearer(t1));
    assert.equal(out.status, 204);
    assert.match(String(out.headers['set-cookie']), /^auth_token=; Path=\/; Max-Age=0; SameSite=Lax/);
    for (const t of [t1, renewed.json.token]) assert.equal((await whoami('leaver', t)).status, 401);
    assert.equal((await viaPeer()).statusCode, 401, 'the other process refuses it too');
    assert.equal((await s.call('POST', '/@login-renew', undefined, {}, bearer(t1))).status, 401);
    assert.equal((await whoami('leaver', t2)).status, 200, 'another login session goes on');
  } finally {
    await peer.close();
  }
});

test('a password change ends every login session of the user', async () => {
  await addUser('changer');
  const token = (await login('changer')).json.token;
  const other = (await login('changer')).json.token;
  const res = await s.call(
    'POST',
    '/@users/changer/reset-password',
    { old_password: PW, new_password: 'another-long-password' },
    {},
    bearer(token),
  );
  assert.equal(res.status, 200, JSON.stringify(res.json));
  assert.equal((await whoami('changer', token)).status, 401);
  assert.equal((await whoami('changer', other)).status, 401);
  assert.equal((await login('changer')).status, 401);
  assert.equal((await login('changer', 'another-long-password')).status, 200);
  // An administrator setting the password ends them too.
  const t2 = (await login('changer', 'another-long-password')).json.token;
  assert.equal((await s.call('PATCH', '/@users/changer', { password: 'third-long-password' })).status, 204);
  assert.equal((await whoami('changer', t2)).status, 401);
});

test('old_password: wrong password, wrong user, anonymous', async () => {
  await addUser('owner1');
  await addUser('other1');
  const t = (await login('owner1')).json.token;
  const wrong = await s.call(
    'POST',
    '/@users/owner1/reset-password',
    { old_password: 'not-it-at-all', new_password: 'x-long-password' },
    {},
    bearer(t),
  );
  assert.equal(wrong.status, 403);
  assert.equal(wrong.json.error.type, 'Wrong password');
  const other = await s.call(
    'POST',
    '/@users/other1/reset-password',
    { old_password: PW, new_password: 'x-long-password' },
    {},
    bearer(t),
  );
  assert.equal(other.status, 403);
  assert.equal(other.json.error.type, 'Wrong user');
  const anon = await s.call(
    'POST',
    '/@users/owner1/reset-password',
    { old_password: PW, new_password: 'x-long-password' },
    {},
    null,
  );
  assert.equal(anon.status, 401);
  const weak = await s.call(
    'POST',
    '/@users/owner1/reset-password',
    { old_password: PW, new_password: 'owner1' },
    {},
    bearer(t),
  );
  assert.equal(weak.status, 400);
  assert.equal((await login('owner1')).status, 200, 'nothing changed');
});

test('tokens of a deleted user are refused, also after the id is taken again', async () => {
  await addUser('ghost');
  const token = (await login('ghost')).json.token;
  assert.equal((await s.call('DELETE', '/@users/ghost')).status, 204);
  assert.equal((await whoami('ghost', token)).status, 401);
  await addUser('ghost');
  assert.equal((await whoami('ghost', token)).status, 401, 'the new ghost has another token generation');
});

test('rotating the secret: old tokens work during the grace period, not after; other processes follow', async () => {
  await addUser('rota');
  const peer = await s.peer();
  try {
    const old = (await login('rota')).json.token;
    assertForbiddenForMember(await s.call('POST', '/@jwt-secret', {}, {}, bearer(old)));
    const rotated = await s.call('POST', '/@jwt-secret', { grace: 3600 });
    assert.equal(rotated.status, 200);
    assert.equal(typeof rotated.json.previous_valid_until, 'string');
    assert.equal((await whoami('rota', old)).status, 200, 'still valid in the grace period');
    const fresh = (await login('rota')).json.token;
    const viaPeer = await peer.app.inject({
      method: 'GET',
      url: '/@users/rota',
      headers: { authorization: bearer(fresh) },
    });
    assert.equal(viaPeer.statusCode, 200, 'the peer verifies tokens signed with the new secret');
    assert.equal((await s.call('POST', '/@jwt-secret', { grace: 0 })).status, 200);
    assert.equal((await whoami('rota', old)).status, 401);
    assert.equal((await whoami('rota', fresh)).status, 401, 'grace 0 ends every earlier token');
    const viaPeerAfter = await peer.app.inject({
      method: 'GET',
      url: '/@users/rota',
      headers: { authorization: bearer(fresh) },
    });
    assert.equal(viaPeerAfter.statusCode, 401);
    assert.equal((await s.call('POST', '/@jwt-secret', { grace: -1 })).status, 400);
  } finally {
    await peer.close();
  }
});

function assertForbiddenForMember(res: { status: number }) {
  assert.equal(res.status, 403);
}

test('login throttling per account: 429 with Retry-After, even for the right password', async () => {
  await addUser('victim');
  for (let i = 0; i < 3; i++) assert.equal((await login('victim', `wrong-${i}`)).status, 401);
  const throttled = await login('victim');
  assert.equal(throttled.status, 429);
  assert.equal(throttled.json.error.type, 'TooManyRequests');
  assert.ok(Number(throttled.headers['retry-after']) > 0);
  // Basic auth counts against the same budget.
  const basic = `Basic ${Buffer.from(`victim:${PW}`).toString('base64')}`;
  assert.equal((await s.call('GET', '/@users/victim', undefined, {}, basic)).status, 429);
  // Other accounts are not affected.
  await addUser('bystander');
  assert.equal((await login('bystander', PW, { 'x-forwarded-for': '203.0.113.9' })).status, 200);
});

test('login throttling per client address', async () => {
  const from = { 'x-forwarded-for': '198.51.100.7' };
  for (let i = 0; i < 6; i++) assert.equal((await login(`nobody-${i}`, 'x-long-password', from)).status, 401);
  const res = await login('admin', 'whatever-password', from);
  assert.equal(res.status, 429);
  assert.ok(res.headers['retry-after']);
  assert.equal((await login('nobody-0', 'x', { 'x-forwarded-for': '198.51.100.8' })).status, 401);
});

test('CSRF: cookie-authenticated writes need this site’s Origin or Referer', async () => {
  await addUser('cookie');
  const res = await login('cookie');
  assert.match(String(res.headers['set-cookie']), /^auth_token=[\w.-]+; Path=\/; Max-Age=\d+; SameSite=Lax/);
  const cookie = { cookie: `auth_token=${res.json.token}` };
  const patch = (headers: Record<string, string>) =>
    s.call('PATCH', '/@users/cookie', { fullname: 'C' }, { ...cookie, ...headers }, null);
  const refused = await patch({});
  assert.equal(refused.status, 403);
  assert.equal(refused.json.error.type, 'Forbidden');
  assert.equal((await patch({ origin: 'https://evil.example' })).status, 403);
  assert.equal((await patch({ referer: 'https://evil.example/page' })).status, 403);
  assert.equal((await patch({ origin: 'null' })).status, 403);
  assert.equal((await patch({ origin: 'http://localhost' })).status, 204);
  assert.equal((await patch({ referer: 'http://localhost/some/page' })).status, 204);
  assert.equal(
    (await patch({ 'x-forwarded-host': 'www.example.org', origin: 'https://www.example.org' })).status,
    204,
  );
  // Reads with the cookie need no Origin; neither do writes with a Bearer token.
  assert.equal((await s.call('GET', '/@users/cookie', undefined, cookie, null)).status, 200);
  assert.equal(
    (await s.call('PATCH', '/@users/cookie', { fullname: 'D' }, {}, bearer(res.json.token))).status,
    204,
  );
  const trusting = await startSite({ csrfTrustedOrigins: 'https://volto.example.org' });
  try {
    const t = (
      await trusting.call('POST', '/@login', { login: 'admin', password: 'test-admin-password' }, {}, null)
    ).json.token;
    const write = (origin: string) =>
      trusting.call('PATCH', '/@users/admin', { fullname: 'A' }, { cookie: `auth_token=${t}`, origin }, null);
    assert.equal((await write('https://volto.example.org')).status, 204);
    assert.equal((await write('https://other.example.org')).status, 403);
  } finally {
    await trusting.close();
  }
});

test('a hash with old scrypt parameters is upgraded on login, the token generation kept', async () => {
  await addUser('oldie');
  const before = (await s.storage.read((tx) => tx.userById('oldie')))!;
  const weak = await hashPasswordWith(PW, 10);
  await s.storage.write({ principal: 'test' }, (tx) => tx.putUser({ ...before, passwordHash: weak }));
  assert.equal(needsRehash(weak), true);
  assert.equal((await login('oldie')).status, 200);
  const after = (await s.storage.read((tx) => tx.userById('oldie')))!;
  assert.notEqual(after.passwordHash, weak);
  assert.equal(needsRehash(after.passwordHash), false);
  assert.equal(after.tokenGen, before.tokenGen);
  assert.equal((await login('oldie')).status, 200);
});

test('401 for no or bad credentials, 403 for a known user without the permission', async () => {
  await addUser('plain');
  const plain = `Basic ${Buffer.from(`plain:${PW}`).toString('base64')}`;
  // From an address of its own: the throttling tests used up the loopback's budget.
  const from = { 'x-forwarded-for': '192.0.2.50' };
  const anon = await s.call('GET', '/@groups', undefined, from, null);
  assert.equal(anon.status, 401);
  assert.deepEqual(Object.keys(anon.json).sort(), ['context', 'message', 'type']);
  assert.equal(
    (
      await s.call(
        'GET',
        '/@groups',
        undefined,
        from,
        `Basic ${Buffer.from('plain:nope').toString('base64')}`,
      )
    ).status,
    401,
  );
  const member = await s.call('GET', '/@groups', undefined, from, plain);
  assert.equal(member.status, 403);
  assert.equal(member.json.type, 'Forbidden');
});
