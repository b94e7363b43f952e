// Replays the permission matrix (permission-matrix.ts) over the API: for each
// role and workflow state, view / list / edit / add / delete / sharing and
// the transitions offered and allowed.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startSite, type TestSite } from './harness.js';
import { MATRIX, type Role, STATES, type State } from './permission-matrix.js';
import { addUser } from './users.js';

const USERS: Record<Exclude<Role, 'Anonymous'>, { id: string; global: string[]; local?: string }> = {
  Member: { id: 'm-member', global: ['Member'] },
  Contributor: { id: 'm-contributor', global: ['Member'], local: 'Contributor' },
  Editor: { id: 'm-editor', global: ['Member'], local: 'Editor' },
  Reader: { id: 'm-reader', global: ['Member'], local: 'Reader' },
  Reviewer: { id: 'm-reviewer', global: ['Member'], local: 'Reviewer' },
  'Site Administrator': { id: 'm-siteadmin', global: ['Member', 'Site Administrator'] },
  Manager: { id: 'm-manager', global: ['Member', 'Manager'] },
  Owner: { id: 'm-owner', global: ['Member'] },
};
const basic: Partial<Record<Role, string>> = {};
const auth = (role: Role) => (role === 'Anonymous' ? null : basic[role]!);

let s: TestSite;
const TO: Record<State, string[]> = { private: [], pending: ['submit'], published: ['publish'] };

before(async () => {
  s = await startSite();
  for (const [role, u] of Object.entries(USERS)) basic[role as Role] = await addUser(s, u.id, u.global);
  assert.equal((await s.call('POST', '/', { '@type': 'Folder', id: 'm', title: 'Matrix' })).status, 201);
  assert.equal((await s.call('POST', '/m/@workflow/publish', {})).status, 200);
  const entries = Object.values(USERS)
    .filter((u) => u.local)
    .map((u) => ({ id: u.id, type: 'user', roles: { [u.local!]: true } }));
  // The owner may add while the fixtures are made, then is only the items' Owner.
  entries.push({ id: USERS.Owner.id, type: 'user', roles: { Contributor: true } });
  assert.equal((await s.call('POST', '/m/@sharing', { entries })).status, 204);
});
after(() => s.close());

/** A folder made by the Owner user, taken to `state` by the admin. */
async function item(id: string, state: State) {
  const r = await s.call('POST', '/m', { '@type': 'Folder', id, title: id }, {}, auth('Owner'));
  assert.equal(r.status, 201, `create ${id}`);
  for (const t of TO[state]) assert.equal((await s.call('POST', `/m/${id}/@workflow/${t}`, {})).status, 200);
  return `/m/${id}`;
}

const ok = (status: number) => status >= 200 && status < 300;

describe('permission matrix (simple_publication_workflow)', () => {
  const items: Record<string, string> = {};
  before(async () => {
    for (const state of STATES) items[state] = await item(`item-${state}`, state);
    for (const role of Object.keys(MATRIX) as Role[])
      for (const state of STATES)
        items[`${role}:${state}`] = await item(`d-${USERS[role as 'Owner']?.id ?? 'anon'}-${state}`, state);
    const drop = [{ id: USERS.Owner.id, type: 'user', roles: { Contributor: false } }];
    assert.equal((await s.call('POST', '/m/@sharing', { entries: drop })).status, 204);
  });

  for (const role of Object.keys(MATRIX) as Role[]) {
    for (const state of STATES) {
      const want = MATRIX[role][state];
      test(`${role} on a ${state} item`, async () => {
        const a = auth(role);
        const path = items[state]!;
        const view = await s.call('GET', path, undefined, {}, a);
        assert.equal(ok(view.status), want.view, `view: ${view.status}`);
        if (!want.view) assert.equal(view.status, role === 'Anonymous' ? 401 : 403);

        const listing = await s.call('GET', '/m?b_size=100', undefined, {}, a);
        const listed = ok(listing.status) && listing.json.items.some((i: any) => i['@id'].endsWith(path));
        assert.equal(listed, want.list, 'list');

        const edit = await s.call('PATCH', path, { description: `by ${role}` }, {}, a);
        assert.equal(ok(edit.status), want.edit, `edit: ${edit.status}`);

        const add = await s.call('POST', path, { '@type': 'Document', title: `Added by ${role}` }, {}, a);
        assert.equal(ok(add.status), want.add, `add: ${add.status}`);

        const sharing = await s.call('GET', `${path}/@sharing`, undefined, {}, a);
        assert.equal(ok(sharing.status), want.sharing, `sharing: ${sharing.status}`);

        const wf = await s.call('GET', `${path}/@workflow`, undefined, {}, a);
        if (want.transitions === null) assert.ok(!ok(wf.status), `@workflow: ${wf.status}`);
        else {
          assert.equal(wf.status, 200);
          assert.deepEqual(
            wf.json.transitions.map((t: any) => t['@id'].split('/').pop()),
            want.transitions,
            'transitions offered',
          );
        }

        // On this role's own disposable item: a transition it may not take is
        // refused; one it may take works; then delete.
        const mine = items[`${role}:${state}`]!;
        const all = ['publish', 'submit', 'reject', 'retract'];
        const forbidden = all.find((t) => !(want.transitions ?? []).includes(t));
        if (forbidden) {
          const r = await s.call('POST', `${mine}/@workflow/${forbidden}`, {}, {}, a);
          assert.ok(r.status >= 400 && r.status < 500, `${forbidden} refused: ${r.status}`);
        }
        const allowed = want.transitions?.[0];
        if (allowed)
          assert.equal((await s.call('POST', `${mine}/@workflow/${allowed}`, {}, {}, a)).status, 200);
        const del = await s.call('DELETE', mine, undefined, {}, a);
        assert.equal(
          ok(del.status),
          want.delete && (allowed === undefined || want.view),
          `delete: ${del.status}`,
        );
      });
    }
  }
});
