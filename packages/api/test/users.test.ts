import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { memoryLogger, startSite, type TestSite } from './harness.js';

let s: TestSite;
const log = memoryLogger();
before(async () => {
  s = await startSite({}, { logger: log.logger });
});
after(() => s.close());

const basic = (login: string, password: string) =>
  `Basic ${Buffer.from(`${login}:${password}`).toString('base64')}`;
const PW = 'a-good-long-password';

function assertError(res: { status: number; json: any }, status: number, type?: string) {
  assert.equal(res.status, status, JSON.stringify(res.json));
  const error = res.json?.error ?? res.json;
  assert.equal(typeof error?.type, 'string', JSON.stringify(res.json));
  assert.equal(typeof error?.message, 'string');
  if (type) assert.equal(error.type, type);
}

async function addUser(id: string, extra: Record<string, unknown> = {}) {
  const res = await s.call('POST', '/@users', {
    username: id,
    email: `${id}@example.org`,
    password: PW,
    ...extra,
  });
  assert.equal(res.status, 201, JSON.stringify(res.json));
  return res.json;
}

test('create, read, list, search, update and delete a user', async () => {
  const created = await s.call('POST', '/@users', {
    username: 'jane',
    email: 'jane@example.org',
    password: PW,
    fullname: 'Jane Doe',
    location: 'Bonn',
  });
  assert.equal(created.status, 201);
  assert.equal(created.headers.location, 'http://localhost:80/@users/jane');
  assert.equal(created.json.id, 'jane');
  assert.equal(created.json.username, 'jane');
  assert.deepEqual(created.json.roles, ['Member'], 'Member is the default role');
  assert.equal(created.json.location, 'Bonn');
  assert.equal(created.json.home_page, null);
  assert.deepEqual(created.json.groups.items, [{ id: 'AuthenticatedUsers', title: 'AuthenticatedUsers' }]);

  const got = await s.call('GET', '/@users/jane');
  assert.equal(got.status, 200);
  assert.equal(got.json.fullname, 'Jane Doe');
  const listed = await s.call('GET', '/@users');
  assert.deepEqual(
    listed.json.items.map((u: any) => u.id),
    ['admin', 'jane'],
  );
  assert.deepEqual(
    (await s.call('GET', '/@users?search=DOE')).json.items.map((u: any) => u.id),
    ['jane'],
  );
  assert.deepEqual(
    (await s.call('GET', '/@users?query=jan')).json.items.map((u: any) => u.id),
    ['jane'],
  );
  assert.deepEqual((await s.call('GET', '/@users?query=doe')).json.items, [], 'query matches ids only');

  assert.equal(
    (await s.call('PATCH', '/@users/jane', { location: null, home_page: 'https://jane.dev' })).status,
    204,
  );
  const patched = (await s.call('GET', '/@users/jane')).json;
  assert.equal(patched.location, null);
  assert.equal(patched.home_page, 'https://jane.dev');
  assert.equal((await s.call('POST', '/@login', { login: 'jane', password: PW }, {}, null)).status, 200);

  assert.equal((await s.call('DELETE', '/@users/jane')).status, 204);
  assertError(await s.call('GET', '/@users/jane'), 404);
  assertError(await s.call('DELETE', '/@users/jane'), 404);
  assert.equal((await s.call('POST', '/@login', { login: 'jane', password: PW }, {}, null)).status, 401);
});

test('a user reads and edits its own profile, not someone else’s', async () => {
  await addUser('mia', { fullname: 'Mia' });
  await addUser('olga');
  const mia = basic('mia', PW);
  const own = await s.call('GET', '/@users/mia', undefined, {}, mia);
  assert.equal(own.status, 200);
  assert.equal(own.json.fullname, 'Mia');
  assertError(await s.call('GET', '/@users/olga', undefined, {}, mia), 403);
  assert.equal((await s.call('PATCH', '/@users/mia', { fullname: 'Mia M.' }, {}, mia)).status, 204);
  assert.equal((await s.call('GET', '/@users/mia')).json.fullname, 'Mia M.');
  assertError(await s.call('PATCH', '/@users/olga', { fullname: 'Hacked' }, {}, mia), 403);
  assert.equal((await s.call('GET', '/@users/olga')).json.fullname, null);
  // Listing users takes 'Manage users': plone.restapi answers 401 here.
  assertError(await s.call('GET', '/@users', undefined, {}, mia), 401, 'Unauthorized');
  assertError(await s.call('GET', '/@users/mia', undefined, {}, null), 401, 'Unauthorized');
  assertError(await s.call('DELETE', '/@users/olga', undefined, {}, mia), 403);
  assertError(await s.call('POST', '/@users', { username: 'x', email: 'x@x', password: PW }, {}, mia), 403);
  assertError(await s.call('POST', '/@users', { username: 'x', email: 'x@x', password: PW }, {}, null), 401);
});

test('a Member granting itself Manager is refused and logged', async () => {
  await addUser('mallory');
  const m = basic('mallory', PW);
  const res = await s.call('PATCH', '/@users/mallory', { roles: { Manager: true } }, {}, m);
  assertError(res, 403, 'Forbidden');
  assert.deepEqual((await s.call('GET', '/@users/mallory')).json.roles, ['Member']);
  assert.ok(
    log.records.some((r) => r.level === 40 && /own roles/.test(r.msg) && r.principal === 'mallory'),
    'a warning names the user',
  );
  assertError(await s.call('PATCH', '/@users/mallory', { password: 'another-password-1' }, {}, m), 403);
  assertError(await s.call('PATCH', '/@users/mallory', { username: 'admin2' }, {}, m), 403);
});

test('a Site Administrator manages users but not the Manager role', async () => {
  await addUser('sam', { roles: ['Site Administrator'] });
  const sam = basic('sam', PW);
  assert.equal(
    (await s.call('POST', '/@users', { username: 'temp1', email: 't@x.org', password: PW }, {}, sam)).status,
    201,
  );
  assertError(
    await s.call(
      'POST',
      '/@users',
      { username: 'temp2', email: 't@x.org', password: PW, roles: ['Manager'] },
      {},
      sam,
    ),
    403,
  );
  assertError(await s.call('PATCH', '/@users/temp1', { roles: { Manager: true } }, {}, sam), 403);
  assertError(await s.call('PATCH', '/@users/admin', { email: 'evil@x.org' }, {}, sam), 403);
  assertError(await s.call('DELETE', '/@users/admin', undefined, {}, sam), 403);
  assert.equal((await s.call('PATCH', '/@users/temp1', { roles: { Editor: true } }, {}, sam)).status, 204);
  assert.deepEqual((await s.call('GET', '/@users/temp1')).json.roles, ['Editor', 'Member']);
  assert.equal((await s.call('PATCH', '/@users/temp1', { roles: { Editor: false } })).status, 204);
  assert.deepEqual((await s.call('GET', '/@users/temp1')).json.roles, ['Member']);
  assert.equal((await s.call('DELETE', '/@users/temp1', undefined, {}, sam)).status, 204);
});

test('password policy: minimum length, not the user name', async () => {
  const short = await s.call('POST', '/@users', { username: 'pp', email: 'p@x.org', password: 'short' });
  assertError(short, 400, 'Invalid password');
  assert.match(short.json.error.message, /at least 8/);
  assertError(
    await s.call('POST', '/@users', { username: 'samename', email: 'p@x.org', password: 'SameName' }),
    400,
  );
  assertError(await s.call('GET', '/@users/pp'), 404);
  await addUser('pp');
  assertError(await s.call('PATCH', '/@users/pp', { password: 'pp' }), 400);
  assert.equal((await s.call('PATCH', '/@users/pp', { password: 'a-new-fine-password' })).status, 204);
  assert.equal(
    (await s.call('POST', '/@login', { login: 'pp', password: 'a-new-fine-password' }, {}, null)).status,
    200,
  );
});

test('bad input is a 4xx in the error shape and writes nothing', async () => {
  const before = (await s.call('GET', '/@users')).json.items_total;
  assertError(await s.call('POST', '/@users', { username: 5, email: 'x@x.org', password: PW }), 400);
  assertError(
    await s.call('POST', '/@users', { username: 'u1', email: 'x@x.org', password: PW, roles: 'Manager' }),
    400,
  );
  assertError(
    await s.call('POST', '/@users', { username: 'u1', email: 'x@x.org', password: PW, roles: ['God'] }),
    400,
  );
  const unknown = await s.call('POST', '/@users', {
    username: 'u1',
    email: 'x@x.org',
    password: PW,
    shoe: 42,
  });
  assertError(unknown, 400, 'WrongParameterError');
  assert.deepEqual(unknown.json.error.errors, [
    { field: 'shoe', message: "Property 'shoe' is not allowed." },
  ]);
  assertError(await s.call('POST', '/@users', { username: 'u1', email: 'not an email', password: PW }), 400);
  assertError(await s.call('POST', '/@users', { username: 'u 1', email: 'x@x.org', password: PW }), 400);
  assertError(await s.call('POST', '/@users', { username: 'u1', email: 'x@x.org' }), 400);
  assertError(await s.call('POST', '/@users', [1, 2]), 400);
  assertError(await s.call('POST', '/@users', { username: 'admin', email: 'x@x.org', password: PW }), 400);
  assertError(
    await s.call('POST', '/@users', { username: 'Reviewers', email: 'x@x.org', password: PW }),
    400,
  );
  assertError(
    await s.call('POST', '/@users', {
      username: 'u1',
      email: 'x@x.org',
      password: PW,
      home_page: 'javascript:alert(1)',
    }),
    400,
  );
  assertError(
    await s.call('POST', '/@users', {
      username: 'u1',
      email: 'x@x.org',
      password: PW,
      fullname: 'x'.repeat(20 * 1024 * 1024),
    }),
    413,
  );
  assertError(await s.call('PATCH', '/@users/admin', { fullname: ['x'] }), 400);
  assertError(await s.call('PATCH', '/@users/admin', { roles: ['Manager'] }), 400);
  assertError(await s.call('PATCH', '/@users/admin', { roles: { Manager: 'yes' } }), 400);
  assertError(await s.call('GET', '/@users?bogus=1'), 400);
  assertError(await s.call('GET', '/@users?limit=x'), 400);
  assertError(await s.call('POST', '/@users/u1/explode', {}), 404);
  assertError(
    await s.call('POST', '/@users', 'username=u1', { 'content-type': 'application/x-www-form-urlencoded' }),
    400,
  );
  assertError(
    await s.call('PATCH', '/@users/admin', 'x=1', { 'content-type': 'application/x-www-form-urlencoded' }),
    415,
  );
  assert.equal((await s.call('GET', '/@users')).json.items_total, before);
});

test('CSV: export with Accept: text/csv, import a multipart upload in one transaction', async () => {
  const csv = await s.call('GET', '/@users', undefined, { accept: 'text/csv' });
  assert.equal(csv.status, 200);
  assert.match(String(csv.headers['content-type']), /^text\/csv/);
  const lines = csv.body.trim().split('\r\n');
  assert.equal(lines[0], 'id,username,fullname,email,roles,groups');
  assert.ok(lines.some((l) => l.startsWith('admin,admin,')));

  const multipart = (content: string) => {
    const b = 'XyZboundary';
    return {
      body: `--${b}\r\nContent-Disposition: form-data; name="file"; filename="u.csv"\r\nContent-Type: text/csv\r\n\r\n${content}\r\n--${b}--\r\n`,
      headers: { 'content-type': `multipart/form-data; boundary=${b}` },
    };
  };
  const bad = multipart(`username,email,password\ncsv1,c1@x.org,${PW}\ncsv2,c2@x.org,short\n`);
  assertError(await s.call('POST', '/@users', bad.body, bad.headers), 400);
  assertError(await s.call('GET', '/@users/csv1'), 404, 'NotFound');

  const good = multipart(
    `username,email,fullname,roles,password\ncsv1,c1@x.org,"Doe, John","Member, Contributor",${PW}\ncsv2,c2@x.org,=cmd(),,${PW}\n`,
  );
  const res = await s.call('POST', '/@users', good.body, good.headers);
  assert.equal(res.status, 201, JSON.stringify(res.json));
  assert.equal(res.json.items_total, 2);
  assert.deepEqual(res.json.items[0].roles, ['Contributor', 'Member']);
  assert.equal(res.json.items[0].fullname, 'Doe, John');
  const out = (await s.call('GET', '/@users', undefined, { accept: 'text/csv' })).body;
  assert.match(out, /csv1,csv1,"Doe, John",c1@x\.org,"Contributor, Member",AuthenticatedUsers/);
  assert.match(out, /csv2,csv2,'=cmd\(\),/, 'formula cells are defused');
});

test('@userschema: stock fields, an added field used in profiles, removal', async () => {
  const schema = await s.call('GET', '/@userschema', undefined, {}, null);
  assert.equal(schema.status, 200);
  assert.deepEqual(schema.json.fieldsets[0].fields, [
    'fullname',
    'email',
    'home_page',
    'description',
    'location',
    'portrait',
  ]);
  assert.deepEqual(schema.json.required, ['email']);
  assert.deepEqual((await s.call('GET', '/@userschema/registration', undefined, {}, null)).json.required, [
    'email',
    'username',
    'password',
    'password_ctl',
  ]);
  assertError(
    await s.call(
      'POST',
      '/@userschema',
      { id: 'phone', factory: 'Text line (String)', title: 'Phone' },
      {},
      null,
    ),
    401,
  );
  const added = await s.call('POST', '/@userschema', {
    id: 'phone',
    factory: 'Text line (String)',
    title: 'Phone',
  });
  assert.equal(added.status, 201);
  assert.equal(added.json.properties.phone.title, 'Phone');
  assertError(
    await s.call('POST', '/@userschema', { id: 'phone', factory: 'Text line (String)', title: 'Again' }),
    400,
  );
  assertError(await s.call('POST', '/@userschema', { id: 'x', factory: 'Rich Text', title: 'X' }), 400);
  await addUser('phoebe', { phone: '+49 30 1234' });
  assert.equal((await s.call('GET', '/@users/phoebe')).json.phone, '+49 30 1234');
  assertError(await s.call('PATCH', '/@users/phoebe', { phone: 42 }), 400);
  assertError(await s.call('DELETE', '/@userschema/email'), 400);
  assert.equal((await s.call('DELETE', '/@userschema/phone')).status, 204);
  assert.equal('phone' in (await s.call('GET', '/@users/phoebe')).json, false);
  assertError(await s.call('PATCH', '/@users/phoebe', { phone: '1' }), 400);
});

test('portrait: stored as a blob, served by @portrait; only raster images', async () => {
  await addUser('pic');
  const gif = 'R0lGODlhAQABAIAAAP///wAAACwAAAAAAQABAAACAkQBADs=';
  const set = await s.call(
    'PATCH',
    '/@users/pic',
    { portrait: { data: gif, encoding: 'base64', 'content-type': 'image/gif', filename: 'p.gif' } },
    {},
    basic('pic', PW),
  );
  assert.equal(set.status, 204);
  const user = (await s.call('GET', '/@users/pic')).json;
  assert.equal(user.portrait, 'http://localhost:80/@portrait/pic');
  const img = await s.app.inject({ method: 'GET', url: '/@portrait/pic' });
  assert.equal(img.statusCode, 200);
  assert.equal(img.headers['content-type'], 'image/gif');
  assert.deepEqual(img.rawPayload, Buffer.from(gif, 'base64'));
  assertError(
    await s.call('PATCH', '/@users/pic', {
      portrait: {
        data: Buffer.from('<svg onload="x()"/>').toString('base64'),
        encoding: 'base64',
        'content-type': 'image/svg+xml',
      },
    }),
    400,
  );
  assert.equal((await s.call('PATCH', '/@users/pic', { portrait: null })).status, 204);
  assert.equal((await s.call('GET', '/@users/pic')).json.portrait, null);
  assertError(await s.call('GET', '/@portrait/pic'), 404);
});

test('@users lives on the site root only', async () => {
  await s.call('POST', '/', { '@type': 'Folder', id: 'sub', title: 'Sub' });
  assertError(await s.call('GET', '/sub/@users'), 404);
});
