// Content rules (docs/content-rules.md): the control panel's rules,
// conditions and actions, their assignment on folders (with "apply to
// subfolders"), and what runs when content is added, modified, removed,
// moved, copied or changes state — each action's effect, mail through a real
// SMTP server, all-or-nothing on failure, and no loops.
import assert from 'node:assert/strict';
import { after, afterEach, before, test } from 'node:test';
import { memoryLogger, startSite, type TestSite } from './harness.js';
import { mailText, startSmtpSink } from './smtp-sink.js';
import { addUser } from './users.js';

let s: TestSite;
let sink: Awaited<ReturnType<typeof startSmtpSink>>;
const mem = memoryLogger();
const auth: Record<string, string> = {};
const PANEL = '/@controlpanels/content-rules';
/** The site's URL as inject() requests see it. */
const BASE = 'http://localhost:80';

before(async () => {
  sink = await startSmtpSink();
  s = await startSite(
    { smtpHost: '127.0.0.1', smtpPort: sink.port, mailFrom: 'Site <site@example.org>' },
    { logger: mem.logger },
  );
  auth.member = await addUser(s, 'member', ['Member']);
  auth.siteadmin = await addUser(s, 'siteadmin', ['Site Administrator']);
  auth.editor = await addUser(s, 'editor', ['Member']);
  for (const id of ['a', 'archive', 'inbox'])
    assert.equal((await s.call('POST', '/', { '@type': 'Folder', id, title: id })).status, 201);
  assert.equal((await s.call('POST', '/a', { '@type': 'Folder', id: 'sub', title: 'Sub' })).status, 201);
  // editor may add and edit inside /a (Contributor and Editor there).
  const share = await s.call('POST', '/a/@sharing', {
    entries: [{ id: 'editor', type: 'user', roles: { Contributor: true, Editor: true } }],
  });
  assert.equal(share.status, 204, share.body);
});
after(async () => {
  await s.close();
  await sink.close();
});
afterEach(async () => {
  // Every test starts with no rules and no assignments.
  const list = await s.call('GET', PANEL);
  for (const r of list.json.items[0]) assert.equal((await s.call('DELETE', `${PANEL}/${r.id}`)).status, 204);
});

interface RuleSpec {
  event: string;
  conditions?: Array<Record<string, unknown>>;
  actions?: Array<Record<string, unknown>>;
  at?: string;
  bubbles?: boolean;
  cascading?: boolean;
  stop?: boolean;
  title?: string;
}

/** Creates a rule with its conditions and actions and assigns it at `at` (default the root, applied below). */
async function rule(spec: RuleSpec): Promise<string> {
  const r = await s.call('POST', PANEL, {
    title: spec.title ?? `On ${spec.event}`,
    description: '',
    event: spec.event,
    enabled: true,
    stop: spec.stop ?? false,
    cascading: spec.cascading ?? false,
  });
  assert.equal(r.status, 201, r.body);
  const id = r.json.id as string;
  for (const c of spec.conditions ?? [])
    assert.equal((await s.call('POST', `${PANEL}/${id}/condition`, c)).status, 201);
  for (const a of spec.actions ?? []) {
    const res = await s.call('POST', `${PANEL}/${id}/action`, a);
    assert.equal(res.status, 201, res.body);
  }
  const at = spec.at ?? '';
  assert.equal((await s.call('POST', `${at}/@content-rules/${id}`)).status, 200);
  if (spec.bubbles ?? true)
    assert.equal(
      (await s.call('PATCH', `${at}/@content-rules`, { 'form.button.Bubble': true, rule_ids: [id] })).status,
      200,
    );
  return id;
}

const logAction = (message: string) => ({
  type: 'plone.actions.Logger',
  targetLogger: 'rules-test',
  loggingLevel: 20,
  message,
});
const logged = (message: string) => mem.records.filter((r) => r.logger === 'rules-test' && r.msg === message);
const uidOf = async (path: string) => (await s.call('GET', path)).json.UID as string;
const exists = async (path: string) => (await s.call('GET', path)).status === 200;
const stateOf = async (path: string) => (await s.call('GET', path)).json.review_state as string;
/** A ${name} variable of a mail template (kept out of template-literal syntax). */
const variable = (name: string) => ['$', '{', name, '}'].join('');
let n = 0;
const doc = async (folder: string, extra: Record<string, unknown> = {}, who?: string) => {
  const id = `d${++n}`;
  const r = await s.call('POST', folder, { '@type': 'Document', id, title: `Doc ${n}`, ...extra }, {}, who);
  assert.equal(r.status, 201, r.body);
  return `${folder}/${id}`;
};

test('rules: add, read, change and delete, with conditions and actions moved and edited', async () => {
  const created = await s.call('POST', PANEL, { title: 'Mine', description: 'd', event: 'Object modified' });
  assert.equal(created.status, 201);
  const id = created.json.id;
  assert.match(id, /^rule-\d+$/);
  assert.equal(created.headers.location, `${BASE}${PANEL}/${id}`);
  assert.equal(created.json.enabled, true);
  assert.equal(created.json.addable_conditions.length, 6);
  assert.equal(created.json.addable_actions.length, 8);

  const list = (await s.call('GET', PANEL)).json;
  assert.equal(list.title, 'Content Rules');
  assert.deepEqual(
    list.items[0].map((r: any) => [r.id, r.assigned, r.row_class]),
    [[id, false, 'trigger-iobjectmodifiedevent state-enabled assignment-unassigned']],
  );

  const addC = (body: object) => s.call('POST', `${PANEL}/${id}/condition`, body);
  assert.equal((await addC({ type: 'plone.conditions.PortalType', check_types: ['Document'] })).status, 201);
  assert.equal((await addC({ type: 'plone.conditions.WorkflowState', wf_states: ['private'] })).status, 201);
  const move = await s.call('POST', `${PANEL}/${id}/action`, {
    type: 'plone.actions.Move',
    target_folder: '/archive',
  });
  assert.equal(move.status, 201, move.body);
  assert.equal(move.json.actions[0].summary, 'Move to folder /archive');
  // A target named by UID or URL is kept by UID and shown as a path.
  const copy = await s.call('POST', `${PANEL}/${id}/action`, {
    type: 'plone.actions.Copy',
    target_folder: await uidOf('/inbox'),
  });
  assert.equal(copy.json.actions[1].summary, 'Copy to folder /inbox.');
  assert.equal((await s.call('GET', `${PANEL}/${id}/action/1`)).json.target_folder, '/inbox');

  // Move the second condition up, edit it, delete the other.
  assert.equal(
    (await s.call('PATCH', `${PANEL}/${id}/condition/1`, { 'form.button.Move': '_move_up' })).status,
    204,
  );
  let r = (await s.call('GET', `${PANEL}/${id}`)).json;
  assert.deepEqual(
    r.conditions.map((c: any) => [c.title, c.first, c.last]),
    [
      ['Workflow state', true, false],
      ['Content type', false, true],
    ],
  );
  assert.equal(
    (await s.call('PATCH', `${PANEL}/${id}/condition/0`, { wf_states: ['published'] })).status,
    204,
  );
  assert.deepEqual((await s.call('GET', `${PANEL}/${id}/condition/0`)).json.wf_states, ['published']);
  assert.equal((await s.call('DELETE', `${PANEL}/${id}/condition/1`)).status, 204);
  assert.equal((await s.call('DELETE', `${PANEL}/${id}/action/0`)).status, 204);

  assert.equal(
    (await s.call('PATCH', `${PANEL}/${id}`, { title: 'Renamed', enabled: false, 'form.button.Save': true }))
      .status,
    204,
  );
  r = (await s.call('GET', `${PANEL}/${id}`)).json;
  assert.equal(r.title, 'Renamed');
  assert.equal(r.enabled, false);
  assert.equal(r.description, 'd', 'a PATCH keeps what it does not send');
  assert.equal(r.conditions.length, 1);
  assert.equal(r.actions[0].title, 'Copy to folder');

  assert.equal((await s.call('DELETE', `${PANEL}/${id}`)).status, 204);
  assert.equal((await s.call('GET', `${PANEL}/${id}`)).status, 404);
});

test('rules: bad input is refused with a 400 and nothing changes', async () => {
  const bad: Array<[object, string]> = [
    [{ event: 'Object modified' }, 'title'],
    [{ title: 'x', event: 'Something else' }, 'event'],
    [{ title: 'x', event: 'Object modified', enabled: 'yes' }, 'enabled'],
    [{ title: 'x', event: 'Object modified', colour: 'red' }, 'colour'],
    [{ title: 'x'.repeat(600), event: 'Object modified' }, 'title'],
  ];
  for (const [body, field] of bad) {
    const r = await s.call('POST', PANEL, body);
    assert.equal(r.status, 400, JSON.stringify(body));
    assert.equal(r.json.error.type, 'BadRequest');
    assert.match(r.json.error.message, new RegExp(field));
  }
  assert.equal((await s.call('POST', PANEL, '[1]')).status, 400);
  assert.deepEqual((await s.call('GET', PANEL)).json.items, [[]]);

  const id = (await s.call('POST', PANEL, { title: 'x', event: 'Object added to this container' })).json.id;
  const element: Array<[string, object]> = [
    ['condition', {}],
    ['condition', { type: 'plone.conditions.Nope' }],
    ['condition', { type: 'plone.actions.Logger', message: 'm' }],
    ['condition', { type: 'plone.conditions.PortalType' }],
    ['condition', { type: 'plone.conditions.PortalType', check_types: 'Document' }],
    ['action', { type: 'plone.actions.Move', target_folder: '/no-such-folder' }],
    ['action', { type: 'plone.actions.Copy', target_folder: '/a/sub/../../etc' }],
    ['action', { type: 'plone.actions.Notify', message: 'hi', message_type: 'shout' }],
    ['action', { type: 'plone.actions.Logger', targetLogger: 'x', loggingLevel: 'high', message: 'm' }],
    ['action', { type: 'plone.actions.Mail', subject: 's', recipients: 'a@b.c' }],
  ];
  for (const [kind, body] of element) {
    const r = await s.call('POST', `${PANEL}/${id}/${kind}`, body);
    assert.equal(r.status, 400, `${kind} ${JSON.stringify(body)}: ${r.body}`);
  }
  const rule = (await s.call('GET', `${PANEL}/${id}`)).json;
  assert.equal(rule.conditions.length + rule.actions.length, 0);
  // A rule holds a bounded number of elements.
  const note = { type: 'plone.actions.Notify', message: 'hi', message_type: 'info' };
  for (let i = 0; i < 50; i++)
    assert.equal((await s.call('POST', `${PANEL}/${id}/action`, note)).status, 201);
  assert.equal((await s.call('POST', `${PANEL}/${id}/action`, note)).status, 400);
  assert.equal((await s.call('GET', `${PANEL}/rule-999`)).status, 404);
  assert.equal((await s.call('GET', `${PANEL}/${id}/condition/0`)).status, 404);
  assert.equal((await s.call('GET', `${PANEL}/${id}/widget/0`)).status, 404);
  assert.equal((await s.call('POST', `${PANEL}/${id}`, {})).status, 400);
  assert.equal((await s.call('DELETE', `${PANEL}/${id}/action/999`)).status, 404);
  assert.equal((await s.call('POST', '/@content-rules/rule-999')).status, 404);
  assert.equal((await s.call('PATCH', '/@content-rules', { rule_ids: [id] })).status, 400);
  assert.equal((await s.call('DELETE', '/@content-rules', {})).status, 400);
});

test('permissions: only Manager and Site Administrator manage rules', async () => {
  const id = (await s.call('POST', PANEL, { title: 'x', event: 'Object modified' })).json.id;
  for (const [who, status] of [
    [null, 401],
    [auth.member, 403],
    [auth.editor, 403],
  ] as const) {
    const as = who === null ? null : who;
    assert.equal((await s.call('GET', PANEL, undefined, {}, as)).status, status);
    assert.equal(
      (await s.call('POST', PANEL, { title: 'y', event: 'Object modified' }, {}, as)).status,
      status,
    );
    assert.equal((await s.call('DELETE', `${PANEL}/${id}`, undefined, {}, as)).status, status);
    assert.equal((await s.call('GET', '/a/@content-rules', undefined, {}, as)).status, status);
    assert.equal((await s.call('POST', `/a/@content-rules/${id}`, undefined, {}, as)).status, status);
    assert.equal(
      (await s.call('GET', '/@vocabularies/plone.contentrules.events', undefined, {}, as)).status,
      status,
    );
  }
  assert.equal((await s.call('GET', PANEL, undefined, {}, auth.siteadmin)).status, 200);
  assert.equal((await s.call('POST', `/a/@content-rules/${id}`, undefined, {}, auth.siteadmin)).status, 200);
  const events = (
    await s.call('GET', '/@vocabularies/plone.contentrules.events', undefined, {}, auth.siteadmin)
  ).json;
  assert.ok(events.items.some((t: any) => t.token === 'Workflow state changed'));
  assert.equal((await s.call('GET', PANEL)).json.items[0].length, 1, 'no one else added a rule');
});

test('assignment: assigned, acquired from above when applied to subfolders, ordered, enabled, removed', async () => {
  const one = (await s.call('POST', PANEL, { title: 'One', event: 'Object modified' })).json.id;
  const two = (await s.call('POST', PANEL, { title: 'Two', event: 'Object modified' })).json.id;
  assert.deepEqual((await s.call('POST', `/a/@content-rules/${one}`)).json, {
    message: `Successfully assigned the rule ${one}`,
  });
  await s.call('POST', `/a/@content-rules/${two}`);
  let here = (await s.call('GET', '/a/@content-rules')).json['content-rules'];
  assert.deepEqual(
    here.assigned_rules.map((r: any) => [r.id, r.enabled, r.bubbles]),
    [
      [one, true, false],
      [two, true, false],
    ],
  );
  assert.deepEqual(here.assignable_rules, []);
  // Not applied to subfolders: nothing is acquired below.
  let below = (await s.call('GET', '/a/sub/@content-rules')).json['content-rules'];
  assert.deepEqual(below.acquired_rules, []);
  assert.deepEqual(
    below.assignable_rules.map((r: any) => r.id),
    [one, two],
  );

  const bubble = await s.call('PATCH', '/a/@content-rules', {
    'form.button.Bubble': true,
    rule_ids: [one, two],
  });
  assert.equal(bubble.json.message, `Successfully applied ['${one}', '${two}'] to subfolders`);
  await s.call('PATCH', '/a/@content-rules', { 'form.button.Disable': true, rule_ids: [two] });
  below = (await s.call('GET', '/a/sub/@content-rules')).json['content-rules'];
  assert.deepEqual(
    below.acquired_rules.map((r: any) => [r.id, r.enabled, r.url.endsWith('/a/@@manage-content-rules')]),
    [
      [one, true, true],
      [two, false, true],
    ],
  );

  assert.equal(
    (await s.call('PATCH', '/a/@content-rules', { operation: 'move_up', rule_id: two })).json.message,
    'Successfully applied the move_up',
  );
  here = (await s.call('GET', '/a/@content-rules')).json['content-rules'];
  assert.deepEqual(
    here.assigned_rules.map((r: any) => r.id),
    [two, one],
  );
  assert.equal((await s.call('GET', `${PANEL}/${one}`)).json.assignments[0].title, 'a');
  assert.equal((await s.call('GET', PANEL)).json.items[0][0].assigned, true);

  assert.equal((await s.call('DELETE', '/a/@content-rules', { rule_ids: [two] })).status, 204);
  here = (await s.call('GET', '/a/@content-rules')).json['content-rules'];
  assert.deepEqual(
    here.assigned_rules.map((r: any) => r.id),
    [one],
  );
  // Rules are assigned to folders and the site root only.
  const link = await s.call('POST', '/a', {
    '@type': 'Link',
    id: 'link',
    title: 'L',
    remoteUrl: 'https://x.org',
  });
  assert.equal(link.status, 201, link.body);
  assert.equal((await s.call('GET', '/a/link/@content-rules')).status, 404);
});

test('each content event runs the rules assigned above it, and only those', async () => {
  const events: Array<[string, string]> = [
    ['Object added to this container', 'added'],
    ['Object modified', 'modified'],
    ['Object removed from this container', 'removed'],
    ['Object moved', 'moved'],
    ['Object copied', 'copied'],
    ['Workflow state changed', 'workflow'],
  ];
  for (const [event, word] of events)
    await rule({ event, at: '/a', actions: [logAction(`${word} &c by &u`)] });
  const url = (p: string) => `${BASE}${p}`;

  const page = await doc('/a/sub', {}, auth.editor);
  assert.equal(logged(`added ${url(page)} by editor`).length, 1);
  await s.call('PATCH', page, { title: 'Changed' }, {}, auth.editor);
  assert.equal(logged(`modified ${url(page)} by editor`).length, 1);
  await s.call('POST', `${page}/@workflow/publish`);
  assert.equal(logged(`workflow ${url(page)} by admin`).length, 1);
  const copied = await s.call('POST', '/a/@copy', { source: url(page) });
  assert.equal(copied.status, 200, copied.body);
  const copyPath = new URL(copied.json[0].target).pathname;
  assert.equal(logged(`copied ${url(copyPath)} by admin`).length, 1);
  assert.equal(logged(`added ${url(copyPath)} by admin`).length, 1, 'a copy is also added');
  await s.call('POST', '/a/@move', { source: url(copyPath) });
  assert.equal(logged(`moved ${url(`/a/${copyPath.split('/').pop()}`)} by admin`).length, 1);
  await s.call('DELETE', page);
  assert.equal(logged(`removed ${url(page)} by admin`).length, 1);

  // Outside /a nothing runs.
  const before = mem.records.filter((r) => r.logger === 'rules-test').length;
  const other = await doc('/inbox');
  await s.call('PATCH', other, { title: 'x' });
  assert.equal(mem.records.filter((r) => r.logger === 'rules-test').length, before);
});

test('assignments that do not apply to subfolders run for their own container only; disabled ones never', async () => {
  const id = await rule({
    event: 'Object added to this container',
    at: '/a',
    bubbles: false,
    actions: [logAction('here')],
  });
  await doc('/a/sub');
  assert.equal(logged('here').length, 0);
  await doc('/a');
  assert.equal(logged('here').length, 1);
  await s.call('PATCH', '/a/@content-rules', { 'form.button.Disable': true, rule_ids: [id] });
  await doc('/a');
  assert.equal(logged('here').length, 1);
  await s.call('PATCH', '/a/@content-rules', { 'form.button.Enable': true, rule_ids: [id] });
  await s.call('PATCH', `${PANEL}/${id}`, { enabled: false });
  await doc('/a');
  assert.equal(logged('here').length, 1, 'a rule disabled globally does not run');
});

test("edits and transitions run the rules of the item's folder, as Plone looks them up on the parent", async () => {
  await rule({ event: 'Object modified', at: '/a', bubbles: false, actions: [logAction('edited in a')] });
  await rule({
    event: 'Workflow state changed',
    at: '/a',
    bubbles: false,
    actions: [logAction('moved on in a')],
  });
  const page = await doc('/a');
  assert.equal((await s.call('PATCH', page, { title: 'Changed' })).status, 204);
  assert.equal(logged('edited in a').length, 1, 'a page in /a was edited');
  assert.equal((await s.call('POST', `${page}/@workflow/publish`)).status, 200);
  assert.equal(logged('moved on in a').length, 1);
  assert.equal((await s.call('PATCH', '/a', { title: 'A' })).status, 204);
  assert.equal(
    logged('edited in a').length,
    1,
    '/a itself is edited in the root, whose rules do not include this one',
  );
});

test('conditions: type, workflow state, file extension, group, role, TALES subset', async () => {
  const cases: Array<[string, Record<string, unknown>]> = [
    ['type', { type: 'plone.conditions.PortalType', check_types: ['Document'] }],
    ['state', { type: 'plone.conditions.WorkflowState', wf_states: ['published'] }],
    ['ext', { type: 'plone.conditions.FileExtension', file_extension: 'JPG' }],
    ['group', { type: 'plone.conditions.Group', group_names: ['Reviewers'] }],
    ['role', { type: 'plone.conditions.Role', role_names: ['Editor'] }],
    ['tales-true', { type: 'plone.conditions.TalesExpression', tales_expression: 'python:True' }],
    [
      'tales-odd',
      { type: 'plone.conditions.TalesExpression', tales_expression: "<tal:block content='string:' />" },
    ],
  ];
  for (const [name, condition] of cases)
    await rule({
      event: 'Object added to this container',
      at: '/inbox',
      conditions: [condition],
      actions: [logAction(name)],
    });
  const count = () => Object.fromEntries(cases.map(([name]) => [name, logged(name).length]));

  await doc('/inbox');
  assert.deepEqual(count(), {
    type: 1,
    state: 0,
    ext: 0,
    group: 0,
    role: 0,
    'tales-true': 1,
    'tales-odd': 0,
  });
  const file = await s.call('POST', '/inbox', {
    '@type': 'File',
    title: 'photo',
    file: { data: 'aGVsbG8=', encoding: 'base64', filename: 'photo.jpg', 'content-type': 'image/jpeg' },
  });
  assert.equal(file.status, 201, file.body);
  assert.deepEqual(count(), {
    type: 1,
    state: 0,
    ext: 1,
    group: 0,
    role: 0,
    'tales-true': 2,
    'tales-odd': 0,
  });

  // A member of Reviewers holding Editor on /inbox adds a page.
  await addUser(s, 'rev', ['Member']);
  const g = await s.call('POST', '/@groups', { groupname: 'Reviewers', users: ['rev'] });
  assert.ok([201, 400].includes(g.status), g.body);
  await s.call('PATCH', '/@groups/Reviewers', { users: { rev: true } });
  await s.call('POST', '/inbox/@sharing', {
    entries: [{ id: 'rev', type: 'user', roles: { Contributor: true, Editor: true } }],
  });
  const rev = `Basic ${Buffer.from('rev:rev-password').toString('base64')}`;
  await doc('/inbox', {}, rev);
  assert.deepEqual(count(), {
    type: 2,
    state: 0,
    ext: 1,
    group: 1,
    role: 1,
    'tales-true': 3,
    'tales-odd': 0,
  });
});

test('actions: move, copy, transition, version, delete — in the request that triggered them', async () => {
  await rule({
    event: 'Object added to this container',
    at: '/inbox',
    conditions: [{ type: 'plone.conditions.PortalType', check_types: ['News Item'] }],
    actions: [
      { type: 'plone.actions.Workflow', transition: 'publish' },
      { type: 'plone.actions.Copy', target_folder: '/a' },
      { type: 'plone.actions.Move', target_folder: '/archive' },
      { type: 'plone.actions.Versioning', comment: 'filed by a rule' },
    ],
  });
  const r = await s.call('POST', '/inbox', { '@type': 'News Item', id: 'news', title: 'News' });
  assert.equal(r.status, 201, r.body);
  // The reply describes the item where the rule left it.
  assert.equal(r.headers.location, `${BASE}/archive/news`);
  assert.equal(r.json['@id'], `${BASE}/archive/news`);
  assert.equal(await exists('/inbox/news'), false);
  assert.equal(await stateOf('/archive/news'), 'published');
  assert.equal(await exists('/a/news'), true, 'copied before it moved');
  const uid = await uidOf('/archive/news');
  const versions = await s.storage.read((tx) => tx.versions(uid));
  assert.equal(versions.at(-1)?.comment, 'filed by a rule');

  await rule({
    event: 'Workflow state changed',
    at: '/archive',
    conditions: [{ type: 'plone.conditions.WorkflowState', wf_states: ['private'] }],
    actions: [{ type: 'plone.actions.Delete' }],
  });
  const t = await s.call('POST', '/archive/news/@workflow/retract');
  assert.equal(t.status, 200, t.body);
  assert.equal(await exists('/archive/news'), false, 'deleted by the rule');
  // An item a rule deletes as soon as it is added: the add answers, the item is gone.
  await s.call('POST', '/', { '@type': 'Folder', id: 'shredder', title: 'Shredder' });
  await rule({
    event: 'Object added to this container',
    at: '/shredder',
    actions: [{ type: 'plone.actions.Delete' }],
  });
  const shredded = await s.call('POST', '/shredder', { '@type': 'Document', id: 'memo', title: 'Memo' });
  assert.equal(shredded.status, 201, shredded.body);
  assert.equal(await exists('/shredder/memo'), false);
  // A transition the state does not offer is passed over, as in Plone.
  await rule({
    event: 'Object modified',
    at: '/a',
    actions: [{ type: 'plone.actions.Workflow', transition: 'retract' }],
  });
  const page = await doc('/a');
  assert.equal((await s.call('PATCH', page, { title: 'x' })).status, 204);
  assert.equal(await stateOf(page), 'private');
});

test('a failing action undoes the whole request', async () => {
  await s.call('POST', '/', { '@type': 'Folder', id: 'gone', title: 'Gone' });
  await rule({
    event: 'Object added to this container',
    at: '/inbox',
    actions: [logAction('before failure'), { type: 'plone.actions.Move', target_folder: '/gone' }],
  });
  await s.call('DELETE', '/gone');
  const r = await s.call('POST', '/inbox', { '@type': 'Document', id: 'doomed', title: 'Doomed' });
  assert.equal(r.status, 409, r.body);
  assert.equal(r.json.error.type, 'Conflict');
  assert.match(r.json.error.message, /target folder/);
  assert.equal(await exists('/inbox/doomed'), false, 'the add was rolled back');
  assert.equal((await s.call('GET', '/@search?SearchableText=Doomed')).json.items_total, 0);
});

test('mail goes out after commit through the site SMTP settings, with variables and without the actor', async () => {
  await rule({
    event: 'Object modified',
    at: '/a',
    actions: [
      {
        type: 'plone.actions.Mail',
        subject: `Changed: ${variable('title')}`,
        source: 'rules@example.org',
        recipients: 'watcher@example.org, editor@example.org',
        exclude_actor: true,
        message: `${variable('user_id')} changed ${variable('absolute_url')}`,
      },
    ],
  });
  const page = await doc('/a', {}, auth.editor);
  assert.equal((await s.call('PATCH', page, { title: 'Fresh' }, {}, auth.editor)).status, 204);
  const mail = await sink.next();
  assert.equal(mail.from, 'rules@example.org');
  assert.deepEqual(mail.to, ['watcher@example.org'], 'the editor who acted is left out');
  assert.match(mail.raw, /Subject: Changed: Fresh/);
  assert.match(mailText(mail.raw), new RegExp(`editor changed ${BASE}${page}`));
  assert.equal(sink.mails.length, 0);
});

test('no loops: actions trigger rules only when their rule cascades, and never without end', async () => {
  // Rule A publishes what is modified; rule B logs state changes.
  const a = await rule({
    event: 'Object modified',
    at: '/a',
    actions: [{ type: 'plone.actions.Workflow', transition: 'publish' }],
  });
  await rule({ event: 'Workflow state changed', at: '/a', actions: [logAction('state changed')] });
  const page = await doc('/a');
  await s.call('PATCH', page, { title: 'one' });
  assert.equal(await stateOf(page), 'published');
  assert.equal(logged('state changed').length, 0, 'A does not cascade');

  await s.call('PATCH', `${PANEL}/${a}`, { cascading: true });
  const page2 = await doc('/a');
  await s.call('PATCH', page2, { title: 'two' });
  assert.equal(logged('state changed').length, 1, 'A cascades');

  // A rule that copies every copy into the folder it watches: bounded.
  await rule({
    event: 'Object copied',
    at: '/archive',
    cascading: true,
    actions: [{ type: 'plone.actions.Copy', target_folder: '/archive' }],
  });
  const src = await doc('/inbox');
  const r = await s.call('POST', '/archive/@copy', { source: `${BASE}${src}` });
  assert.equal(r.status, 200, r.body);
  const items = (await s.call('GET', '/archive')).json.items.length;
  assert.ok(items > 1 && items <= 8, `a bounded number of copies, got ${items}`);
});

test('a rule that stops ends the rules for that event', async () => {
  await rule({ event: 'Object modified', at: '/inbox', stop: true, actions: [logAction('first')] });
  await rule({ event: 'Object modified', at: '/inbox', actions: [logAction('second')] });
  const page = await doc('/inbox');
  await s.call('PATCH', page, { title: 'x' });
  assert.equal(logged('first').length, 1);
  assert.equal(logged('second').length, 0);
});

test('a folder deleted for good takes its rule assignments with it; a trashed one keeps them for its restore', async () => {
  const id = (await s.call('POST', PANEL, { title: 'Kept', event: 'Object modified' })).json.id;
  for (const f of ['gone', 'back']) {
    assert.equal((await s.call('POST', '/', { '@type': 'Folder', id: f, title: f })).status, 201);
    assert.equal((await s.call('POST', `/${f}/@content-rules/${id}`)).status, 200);
  }
  const gone = await uidOf('/gone');
  assert.equal((await s.call('DELETE', '/gone')).status, 204);
  assert.equal((await s.call('DELETE', `/@trash/${gone}`)).status, 204, 'purged for good');
  const back = await uidOf('/back');
  assert.equal((await s.call('DELETE', '/back')).status, 204);
  assert.equal((await s.call('POST', `/@trash/${back}/restore`)).status, 200);
  const assignments = (await s.call('GET', `${PANEL}/${id}`)).json.assignments.map((a: any) => a.title);
  assert.deepEqual(assignments, ['back']);
});
