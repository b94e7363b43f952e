import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startSite, type TestSite } from './harness.js';

let s: TestSite;
before(async () => {
  s = await startSite();
});
after(() => s.close());

const PW = 'a-good-long-password';
const basic = (login: string) => `Basic ${Buffer.from(`${login}:${PW}`).toString('base64')}`;

function assertError(res: { status: number; json: any }, status: number, type?: string) {
  assert.equal(res.status, status, JSON.stringify(res.json));
  const error = res.json?.error ?? res.json;
  assert.equal(typeof error?.message, 'string', JSON.stringify(res.json));
  if (type) assert.equal(error.type, type);
}

async function addUser(id: string, roles?: string[]) {
  const res = await s.call('POST', '/@users', {
    username: id,
    email: `${id}@example.org`,
    password: PW,
    roles,
  });
  assert.equal(res.status, 201, JSON.stringify(res.json));
}

test('built-in groups are listed as Plone lists them', async () => {
  const res = await s.call('GET', '/@groups');
  assert.equal(res.status, 200);
  assert.deepEqual(
    res.json.map((g: any) => [g.id, g.roles]),
    [
      ['Administrators', ['Manager', 'Authenticated']],
      ['Reviewers', ['Reviewer', 'Authenticated']],
      ['Site Administrators', ['Site Administrator', 'Authenticated']],
      ['AuthenticatedUsers', []],
    ],
  );
  assertError(await s.call('DELETE', '/@groups/Reviewers'), 400);
});

test('create, read, filter, update members, delete a group', async () => {
  await addUser('noam');
  await addUser('ada');
  const created = await s.call('POST', '/@groups', {
    groupname: 'ploneteam',
    title: 'Plone Team',
    description: 'We are Plone',
    email: 'team@example.org',
    users: ['noam'],
  });
  assert.equal(created.status, 201, JSON.stringify(created.json));
  assert.equal(created.headers.location, 'http://localhost:80/@groups/ploneteam');
  assert.deepEqual(created.json.members, {
    '@id': 'http://localhost:80/@groups',
    items: ['noam'],
    items_total: 1,
  });
  assert.deepEqual(created.json.roles, ['Authenticated']);
  const filtered = await s.call('GET', '/@groups?query=plo');
  assert.deepEqual(
    filtered.json.map((g: any) => g.id),
    ['ploneteam'],
  );
  assert.equal('members' in filtered.json[0], false, 'the filtered list is the summary');

  const patch = await s.call('PATCH', '/@groups/ploneteam', {
    title: 'The Team',
    roles: ['Editor'],
    users: { ada: true, noam: false },
  });
  assert.equal(patch.status, 204);
  const got = (await s.call('GET', '/@groups/ploneteam')).json;
  assert.equal(got.title, 'The Team');
  assert.deepEqual(got.members.items, ['ada']);
  assert.deepEqual(got.roles, ['Editor', 'Authenticated']);
  const ada = (await s.call('GET', '/@users/ada')).json;
  assert.deepEqual(ada.roles, ['Editor', 'Member'], 'group roles show in the user’s global roles');
  assert.deepEqual(
    ada.groups.items.map((g: any) => g.id),
    ['AuthenticatedUsers', 'ploneteam'],
  );
  assert.deepEqual(
    (await s.call('GET', '/@users?groups-filter:list=ploneteam')).json.items.map((u: any) => u.id),
    ['ada'],
  );

  assert.equal((await s.call('DELETE', '/@groups/ploneteam')).status, 204);
  assertError(await s.call('GET', '/@groups/ploneteam'), 404);
  assert.deepEqual(
    (await s.call('GET', '/@users/ada')).json.roles,
    ['Member'],
    'the group’s role went with it',
  );
});

test('nested groups grant their roles transitively, and stop when the nesting goes', async () => {
  await addUser('nina');
  const nina = basic('nina');
  assert.equal((await s.call('POST', '/@groups', { groupname: 'inner', users: ['nina'] })).status, 201);
  assert.equal((await s.call('POST', '/@groups', { groupname: 'middle', groups: ['inner'] })).status, 201);
  assertError(await s.call('GET', '/@groups', undefined, {}, nina), 403, 'Forbidden');
  // middle becomes a member of Site Administrators: nina gets 'Manage users'.
  assert.equal(
    (await s.call('PATCH', '/@groups/Site Administrators', { users: { middle: true } })).status,
    204,
  );
  const principal = await s.site.users.principal((await s.site.users.byId('nina'))!);
  assert.deepEqual([...principal.groups].sort(), [
    'AuthenticatedUsers',
    'Site Administrators',
    'inner',
    'middle',
  ]);
  assert.ok(principal.roles.has('Site Administrator'));
  assert.equal((await s.call('GET', '/@groups', undefined, {}, nina)).status, 200);
  const me = (await s.call('GET', '/@users/nina', undefined, {}, nina)).json;
  assert.deepEqual(me.roles, ['Member', 'Site Administrator']);
  // Cycles are refused.
  assertError(await s.call('PATCH', '/@groups/inner', { users: { 'Site Administrators': true } }), 400);
  assertError(await s.call('PATCH', '/@groups/inner', { users: { inner: true } }), 400);
  // Taking the nesting away takes the role away at once.
  assert.equal((await s.call('PATCH', '/@groups/middle', { users: { inner: false } })).status, 204);
  assertError(await s.call('GET', '/@groups', undefined, {}, nina), 403);
});

test('PATCH groups: the patched group joins the listed groups (Plone semantics)', async () => {
  assert.equal((await s.call('POST', '/@groups', { groupname: 'joiner' })).status, 201);
  assert.equal((await s.call('PATCH', '/@groups/joiner', { groups: ['Reviewers'] })).status, 204);
  assert.deepEqual((await s.call('GET', '/@groups/Reviewers')).json.members.items, ['joiner']);
  assert.equal((await s.call('PATCH', '/@groups/joiner', { groups: [] })).status, 204);
  assert.deepEqual((await s.call('GET', '/@groups/Reviewers')).json.members.items, []);
});

test('a Site Administrator cannot reach the Manager role through groups', async () => {
  await addUser('sadmin', ['Site Administrator']);
  await addUser('pal');
  const sa = basic('sadmin');
  assertError(await s.call('PATCH', '/@groups/Administrators', { users: { pal: true } }, {}, sa), 403);
  assertError(await s.call('POST', '/@groups', { groupname: 'mgrs', roles: ['Manager'] }, {}, sa), 403);
  assert.equal((await s.call('POST', '/@groups', { groupname: 'plain' }, {}, sa)).status, 201);
  assertError(await s.call('PATCH', '/@groups/plain', { roles: ['Manager'] }, {}, sa), 403);
  assertError(await s.call('PATCH', '/@groups/plain', { groups: ['Administrators'] }, {}, sa), 403);
  assertError(await s.call('DELETE', '/@groups/Administrators', undefined, {}, sa), 400);
  assertError(
    await s.call(
      'POST',
      '/@users',
      { username: 'x1', email: 'x@x.org', password: PW, groups: ['Administrators'] },
      {},
      sa,
    ),
    403,
  );
  assert.deepEqual((await s.call('GET', '/@groups/Administrators')).json.members.items, []);
  assert.equal((await s.call('PATCH', '/@groups/plain', { users: { pal: true } }, {}, sa)).status, 204);
});

test('bad group input is a 400 and writes nothing', async () => {
  assertError(await s.call('POST', '/@groups', {}), 400);
  assertError(await s.call('POST', '/@groups', { groupname: 'bad/name' }), 400);
  assertError(await s.call('POST', '/@groups', { groupname: 'g1', roles: 'Editor' }), 400);
  assertError(await s.call('POST', '/@groups', { groupname: 'g1', users: ['nobody-here'] }), 400);
  assertError(await s.call('GET', '/@groups/g1'), 404);
  assertError(await s.call('POST', '/@groups', { groupname: 'g1', colour: 'red' }), 400);
  assertError(await s.call('POST', '/@groups', { groupname: 'admin' }), 400, 'BadRequest');
  assertError(await s.call('PATCH', '/@groups/nope', { title: 'x' }), 400);
  assertError(await s.call('PATCH', '/@groups/Reviewers', { users: ['x'] }), 400);
  assertError(await s.call('PATCH', '/@groups/AuthenticatedUsers', { users: { admin: true } }), 400);
  assertError(await s.call('GET', '/@groups?query='), 400);
  assertError(await s.call('DELETE', '/@groups/nope'), 404);
});

test('@principals searches users and groups; @roles lists assignable roles; both need rights', async () => {
  await addUser('teamster');
  assert.equal(
    (await s.call('POST', '/@groups', { groupname: 'teamsters', title: 'Teamsters' })).status,
    201,
  );
  const res = await s.call('GET', '/@principals?search=teamst');
  assert.equal(res.status, 200);
  assert.deepEqual(
    res.json.users.map((u: any) => u.id),
    ['teamster'],
  );
  assert.equal('groups' in res.json.users[0], false);
  assert.deepEqual(
    res.json.groups.map((g: any) => g.id),
    ['teamsters'],
  );
  assertError(await s.call('GET', '/@principals'), 400);
  assertError(await s.call('GET', '/@principals?search=x', undefined, {}, basic('teamster')), 403);
  assertError(await s.call('GET', '/@principals?search=x', undefined, {}, null), 401);
  const roles = await s.call('GET', '/@roles');
  assert.deepEqual(
    roles.json.map((r: any) => r.id),
    ['Contributor', 'Editor', 'Member', 'Reader', 'Reviewer', 'Site Administrator', 'Manager'],
  );
  assertError(await s.call('GET', '/@roles', undefined, {}, basic('teamster')), 403);
});

test('another process sees group changes at once (roles through site.sync)', async () => {
  await addUser('remote');
  const peer = await s.peer();
  try {
    const asRemote = { authorization: basic('remote') };
    const before = await peer.app.inject({ method: 'GET', url: '/@roles', headers: asRemote });
    assert.equal(before.statusCode, 403);
    assert.equal(
      (await s.call('PATCH', '/@groups/Site Administrators', { users: { remote: true } })).status,
      204,
    );
    const after = await peer.app.inject({ method: 'GET', url: '/@roles', headers: asRemote });
    assert.equal(after.statusCode, 200);
    assert.equal(
      (await s.call('PATCH', '/@groups/Site Administrators', { users: { remote: false } })).status,
      204,
    );
    assert.equal(
      (await peer.app.inject({ method: 'GET', url: '/@roles', headers: asRemote })).statusCode,
      403,
    );
  } finally {
    await peer.close();
  }
});
