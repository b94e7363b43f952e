// Comments (docs/comments.md): @comments on items where discussion is
// allowed, who may post, edit, delete and moderate, moderation's visibility in
// @comments and @search, bad input, and comments following their item into
// the trash and back.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startSite, type TestSite } from './harness.js';
import { addUser } from './users.js';

let s: TestSite;
const auth: Record<string, string> = {};
const PANEL = '/@controlpanels/discussion';

const panel = async (body: Record<string, unknown>) => {
  const r = await s.call('PATCH', PANEL, body);
  assert.equal(r.status, 204, r.body);
};
const post = (path: string, body: unknown, who?: string | null) =>
  s.call(
    'POST',
    `${path}/@comments`,
    body,
    {},
    who === undefined ? undefined : who === null ? null : auth[who],
  );
const list = async (path: string, who?: string | null) => {
  const r = await s.call(
    'GET',
    `${path}/@comments`,
    undefined,
    {},
    who === undefined ? undefined : who === null ? null : auth[who],
  );
  assert.equal(r.status, 200, r.body);
  return r.json;
};
const idOf = (r: { status: number; headers: Record<string, unknown>; body: string }) => {
  assert.equal(r.status, 204, r.body);
  return String(r.headers.location).split('/').pop()!;
};

before(async () => {
  s = await startSite();
  for (const [id, roles] of [
    ['mia', ['Member']],
    ['ned', ['Member']],
    ['rita', ['Member', 'Reviewer']],
  ] as const)
    auth[id] = await addUser(s, id, [...roles]);
  for (const id of ['open', 'closed', 'plain'])
    assert.equal(
      (
        await s.call('POST', '/', {
          '@type': 'Document',
          id,
          title: `Doc ${id}`,
          ...(id === 'open'
            ? { allow_discussion: true }
            : id === 'closed'
              ? { allow_discussion: false }
              : {}),
        })
      ).status,
      201,
    );
  for (const id of ['open', 'closed', 'plain'])
    assert.equal((await s.call('POST', `/${id}/@workflow/publish`)).status, 200);
  await panel({ globally_enabled: true });
});
after(() => s.close());

test('the discussion panel holds plone.app.discussion settings (off by default)', async () => {
  const fresh = await s.call('GET', PANEL);
  assert.equal(fresh.status, 200);
  assert.equal(fresh.json.data.globally_enabled, true);
  assert.equal(fresh.json.data.moderation_enabled, false);
  assert.equal(fresh.json.data.text_transform.token, 'text/plain');
  const reg = await s.call(
    'GET',
    '/@registry/plone.app.discussion.interfaces.IDiscussionSettings.anonymous_comments',
  );
  assert.equal(reg.json, false);
  assert.equal((await s.call('GET', PANEL, undefined, {}, auth.mia)).status, 403);
  assert.equal((await s.call('PATCH', PANEL, { moderation_enabled: 'yes' })).status, 400);
});

test('add, reply, list as threads, edit and delete with replies', async () => {
  await panel({ edit_comment_enabled: true, delete_own_comment_enabled: true });
  const first = idOf(await post('/open', { text: 'First <b>thoughts</b>' }, 'mia'));
  const second = idOf(await post('/open', { text: 'Another thread' }, 'ned'));
  const reply = s.call('POST', `/open/@comments/${first}`, { text: 'A reply' }, {}, auth.ned);
  const replyId = idOf(await reply);
  const nested = idOf(await s.call('POST', `/open/@comments/${replyId}`, { text: 'Deeper' }, {}, auth.mia));

  const body = await list('/open', 'mia');
  assert.equal(body['@id'], 'http://localhost:80/open/@comments');
  assert.equal(body.items_total, 4);
  assert.deepEqual(body.permissions, { can_reply: true, view_comments: true });
  // Threads: a comment, then its replies depth first, then the next thread.
  assert.deepEqual(
    body.items.map((c: any) => c.comment_id),
    [first, replyId, nested, second],
  );
  const [c1, c2] = body.items;
  assert.equal(c1['@id'], `http://localhost:80/open/@comments/${first}`);
  assert.equal(c1['@type'], 'Discussion Item');
  assert.equal(c1['@parent'], null);
  assert.equal(c1.author_username, 'mia');
  assert.equal(c1.author_name, 'mia');
  assert.equal(c1.author_image, null);
  assert.deepEqual(c1.text, { data: 'First <b>thoughts</b>', 'mime-type': 'text/plain' });
  assert.equal(c1.is_editable, true, 'mia wrote it');
  assert.equal(c1.is_deletable, false, 'it has a reply');
  assert.equal(c1.can_reply, true);
  assert.equal(c1.user_notification, null);
  assert.match(c1.creation_date, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/);
  assert.equal(c2['@parent'], `http://localhost:80/open/@comments/${first}`);
  assert.equal(c2.in_reply_to, first);
  assert.equal(c2.is_editable, false, 'ned wrote it');
  assert.equal(c2.is_deletable, false);

  // One comment on its own.
  const one = await s.call('GET', `/open/@comments/${second}`);
  assert.equal(one.json.text.data, 'Another thread');

  // Edit own text; someone else's is refused.
  const edited = await s.call('PATCH', `/open/@comments/${first}`, { text: 'Second thoughts' }, {}, auth.mia);
  assert.equal(edited.status, 204, edited.body);
  assert.equal(edited.headers.location, `http://localhost:80/open/@comments/${first}`);
  assert.equal((await s.call('PATCH', `/open/@comments/${first}`, { text: 'x' }, {}, auth.ned)).status, 403);
  const after = (await list('/open')).items.find((c: any) => c.comment_id === first);
  assert.equal(after.text.data, 'Second thoughts');

  // Deleting own: only without replies; a moderator deletes the thread.
  assert.equal((await s.call('DELETE', `/open/@comments/${first}`, undefined, {}, auth.mia)).status, 403);
  assert.equal((await s.call('DELETE', `/open/@comments/${nested}`, undefined, {}, auth.mia)).status, 204);
  assert.equal((await s.call('DELETE', `/open/@comments/${first}`, undefined, {}, auth.rita)).status, 204);
  const left = await list('/open');
  assert.deepEqual(
    left.items.map((c: any) => c.comment_id),
    [second],
  );
  assert.equal((await s.call('DELETE', `/open/@comments/${first}`)).status, 404);
  assert.equal((await s.call('DELETE', `/open/@comments/${second}`)).status, 204);
  await panel({ edit_comment_enabled: false, delete_own_comment_enabled: false });
});

test('editing and deleting own comments follow the panel', async () => {
  const id = idOf(await post('/open', { text: 'mine' }, 'mia'));
  const c = (await list('/open', 'mia')).items.find((x: any) => x.comment_id === id);
  assert.equal(c.is_editable, false);
  assert.equal(c.is_deletable, false);
  assert.equal((await s.call('PATCH', `/open/@comments/${id}`, { text: 'x' }, {}, auth.mia)).status, 403);
  assert.equal((await s.call('DELETE', `/open/@comments/${id}`, undefined, {}, auth.mia)).status, 403);
  // Moderators may always delete (Delete comments); editing needs the panel's switch.
  const asAdmin = (await list('/open')).items.find((x: any) => x.comment_id === id);
  assert.equal(asAdmin.is_deletable, true);
  assert.equal(asAdmin.is_editable, false);
  assert.equal((await s.call('DELETE', `/open/@comments/${id}`)).status, 204);
});

test('discussion disabled globally, on the item, or by its type', async () => {
  // The item's own flag decides over its type; no flag: the type (Document: no).
  assert.equal((await post('/closed', { text: 'hi' }, 'mia')).status, 403);
  assert.equal((await post('/plain', { text: 'hi' }, 'mia')).status, 403);
  assert.equal((await s.call('GET', '/open')).json.allow_discussion, true);
  assert.equal((await s.call('GET', '/closed')).json.allow_discussion, false);
  assert.equal((await s.call('GET', '/plain')).json.allow_discussion, false);
  assert.equal((await list('/plain')).permissions.can_reply, false);

  await panel({ globally_enabled: false });
  try {
    assert.equal((await s.call('GET', '/open')).json.allow_discussion, false);
    const r = await post('/open', { text: 'hi' }, 'mia');
    assert.equal(r.status, 403);
    assert.equal(r.json.error.type, 'Forbidden');
    assert.equal((await list('/open', 'mia')).permissions.can_reply, false);
  } finally {
    await panel({ globally_enabled: true });
  }
});

test('anonymous comments only when the panel allows them', async () => {
  const refused = await post('/open', { text: 'hello' }, null);
  assert.equal(refused.status, 401);
  assert.equal((await list('/open', null)).permissions.can_reply, false);

  await panel({ anonymous_comments: true, anonymous_email_enabled: true });
  try {
    assert.equal((await list('/open', null)).permissions.can_reply, true);
    const noMail = await post('/open', { text: 'hello', author_name: 'Visitor' }, null);
    assert.equal(noMail.status, 400);
    assert.match(noMail.json.error.message, /author_email/);
    const id = idOf(
      await post('/open', { text: 'hello', author_name: 'Visitor', author_email: 'v@example.org' }, null),
    );
    const c = (await list('/open', null)).items.find((x: any) => x.comment_id === id);
    assert.equal(c.author_username, null);
    assert.equal(c.author_name, 'Visitor');
    assert.equal(c.is_editable, false);
    assert.equal(c.is_deletable, false);
    assert.equal('author_email' in c, false, 'e-mail addresses are never shown');
    assert.equal((await s.call('DELETE', `/open/@comments/${id}`)).status, 204);

    // Throttled per client address: 20 an hour (one used above; refused input costs nothing).
    const ids: string[] = [];
    for (let i = 0; i < 19; i++)
      ids.push(idOf(await post('/open', { text: `spam? ${i}`, author_email: 'v@example.org' }, null)));
    const throttled = await post('/open', { text: 'one more', author_email: 'v@example.org' }, null);
    assert.equal(throttled.status, 429, throttled.body);
    assert.ok(Number(throttled.headers['retry-after']) > 0);
    // Members are not throttled.
    ids.push(idOf(await post('/open', { text: 'member' }, 'mia')));
    for (const i of ids) assert.equal((await s.call('DELETE', `/open/@comments/${i}`)).status, 204);
  } finally {
    await panel({ anonymous_comments: false, anonymous_email_enabled: false });
  }
});

test('members cannot comment where they cannot view', async () => {
  assert.equal(
    (
      await s.call('POST', '/', {
        '@type': 'Document',
        id: 'secret',
        title: 'Secret',
        allow_discussion: true,
      })
    ).status,
    201,
  );
  assert.equal((await post('/secret', { text: 'psst' }, 'mia')).status, 403);
  assert.equal((await s.call('GET', '/secret/@comments', undefined, {}, auth.mia)).status, 403);
  const note = idOf(await post('/secret', { text: 'internal note' }));
  assert.equal((await s.call('GET', `/secret/@comments/${note}`, undefined, {}, auth.mia)).status, 403);
  const found = await s.call(
    'GET',
    '/@search?portal_type=Discussion%20Item&fullobjects=1',
    undefined,
    {},
    auth.mia,
  );
  assert.ok(!found.json.items.some((c: any) => c.text.data === 'internal note'));
  // A user who picked the id "system" is a user like any other.
  const system = await addUser(s, 'system', ['Member']);
  const bySystem = await s.call(
    'GET',
    '/@search?portal_type=Discussion%20Item&fullobjects=1',
    undefined,
    {},
    system,
  );
  assert.equal(bySystem.status, 200);
  assert.ok(!bySystem.json.items.some((c: any) => c.text.data === 'internal note'));
  const admin = await s.call('GET', '/@search?portal_type=Discussion%20Item&fullobjects=1');
  assert.ok(admin.json.items.some((c: any) => c.text.data === 'internal note'));
  assert.equal((await s.call('DELETE', '/secret')).status, 204);
});

test('moderation: pending comments are seen by moderators and their author, published by all', async () => {
  await panel({ moderation_enabled: true });
  try {
    const id = idOf(await post('/open', { text: 'awaiting review' }, 'mia'));
    const visibleTo = async (who: string | null) =>
      (await list('/open', who)).items.some((c: any) => c.comment_id === id);
    assert.equal(await visibleTo('mia'), true, 'its author');
    assert.equal(await visibleTo('rita'), true, 'a reviewer');
    assert.equal(await visibleTo('ned'), false);
    assert.equal(await visibleTo(null), false);
    // Nobody replies to a pending comment.
    const own = (await list('/open', 'mia')).items.find((c: any) => c.comment_id === id);
    assert.equal(own.can_reply, false);
    assert.equal((await s.call('POST', `/open/@comments/${id}`, { text: 're' }, {}, auth.ned)).status, 404);

    // Volto's moderation panel: @search for Discussion Items, full objects.
    const search = (who: string | null, extra = '') =>
      s.call(
        'GET',
        `/@search?portal_type=Discussion%20Item&fullobjects=true${extra}`,
        undefined,
        {},
        who === null ? null : auth[who],
      );
    const pending = await search('rita', '&review_state=pending');
    assert.equal(pending.status, 200, pending.body);
    const item = pending.json.items.find((c: any) => c.comment_id === id);
    assert.ok(item, pending.body);
    assert.equal(item['@id'], `http://localhost:80/open/@comments/${id}`);
    assert.equal(item.review_state, 'pending');
    assert.equal(item.is_deletable, true);
    assert.equal(item.text.data, 'awaiting review');
    assert.ok(!(await search('ned')).json.items.some((c: any) => c.comment_id === id));
    assert.ok(!(await search(null)).json.items.some((c: any) => c.comment_id === id));
    // Without fullobjects: brains.
    const brains = await s.call('GET', '/@search?portal_type=Discussion%20Item&review_state=pending');
    const brain = brains.json.items.find((b: any) => b['@id'].endsWith(id));
    assert.equal(brain['@type'], 'Discussion Item');
    assert.equal(brain.review_state, 'pending');
    // Comments never show up in other searches or in navigation.
    const all = await s.call('GET', '/@search?SearchableText=awaiting');
    assert.equal(all.json.items_total, 0);
    const nav = await s.call('GET', '/@navigation?expand.navigation.depth=3');
    assert.ok(!JSON.stringify(nav.json).includes('@comments'));

    // Only moderators publish; then everyone sees it.
    const wf = `/open/@comments/${id}/@workflow/publish`;
    assert.equal((await s.call('POST', wf, undefined, {}, auth.mia)).status, 403);
    const published = await s.call('POST', wf, undefined, {}, auth.rita);
    assert.equal(published.status, 200, published.body);
    assert.equal(published.json.review_state, 'published');
    assert.equal(published.json.action, 'publish');
    assert.equal(await visibleTo(null), true);
    assert.equal((await s.call('POST', wf, undefined, {}, auth.rita)).status, 400, 'already published');
    const rejected = await s.call('POST', `/open/@comments/${id}/@workflow/reject`, undefined, {}, auth.rita);
    assert.equal(rejected.json.review_state, 'rejected');
    assert.equal(await visibleTo('mia'), false, 'rejected: moderators only');
    assert.equal(await visibleTo('rita'), true);
    assert.equal((await s.call('DELETE', `/open/@comments/${id}`)).status, 204);
  } finally {
    await panel({ moderation_enabled: false });
  }
});

test('bad input: types, sizes, unknown fields, unknown comments', async () => {
  const cases: Array<[unknown, RegExp]> = [
    [{}, /text/],
    [{ text: 42 }, /text/],
    [{ text: '   ' }, /empty/],
    [{ text: 'x'.repeat(10_001) }, /too long/],
    [{ text: 'ok', colour: 'red' }, /Unknown fields: colour/],
    [{ text: 'ok', user_notification: 'yes' }, /user_notification/],
    [[1, 2], /JSON object/],
  ];
  for (const [body, message] of cases) {
    const r = await post('/open', body, 'mia');
    assert.equal(r.status, 400, `${JSON.stringify(body)}: ${r.body}`);
    assert.match(r.json.error.message, message);
  }
  assert.equal((await post('/open', { text: 'x'.repeat(10_000) }, 'mia')).status, 204, 'at the limit');
  assert.equal((await s.call('POST', '/open/@comments/12345', { text: 'orphan' }, {}, auth.mia)).status, 404);
  assert.equal(
    (await s.call('POST', '/open/@comments/not-a-number', { text: 'x' }, {}, auth.mia)).status,
    404,
  );
  assert.equal((await s.call('PATCH', '/open/@comments', { text: 'x' })).status, 400);
  assert.equal((await s.call('DELETE', '/open/@comments')).status, 400);
  assert.equal((await s.call('GET', '/open/@comments/99')).status, 404);
  const id = (await list('/open')).items[0].comment_id;
  await panel({ edit_comment_enabled: true });
  try {
    const bad = await s.call('PATCH', `/open/@comments/${id}`, { text: 'x', author_name: 'Someone' });
    assert.equal(bad.status, 400);
  } finally {
    await panel({ edit_comment_enabled: false });
  }
  // Nothing half-written: the count is what the valid requests made.
  assert.equal((await list('/open')).items_total, 1);
  assert.equal((await s.call('DELETE', `/open/@comments/${id}`)).status, 204);
});

test('text transform: stored as sent, shown as escaped HTML with line breaks', async () => {
  await panel({ text_transform: 'text/x-web-intelligent' });
  try {
    const id = idOf(await post('/open', { text: '<script>alert(1)</script>\nline two & "more"' }, 'mia'));
    const c = (await list('/open')).items.find((x: any) => x.comment_id === id);
    assert.deepEqual(c.text, {
      data: '&lt;script&gt;alert(1)&lt;/script&gt;<br />line two &amp; &quot;more&quot;',
      'mime-type': 'text/html',
    });
    assert.equal((await s.call('DELETE', `/open/@comments/${id}`)).status, 204);
  } finally {
    await panel({ text_transform: 'text/plain' });
  }
});

test('batching of long conversations', async () => {
  const ids: string[] = [];
  for (let i = 0; i < 5; i++) ids.push(idOf(await post('/open', { text: `n${i}` }, 'ned')));
  const page = await s.call('GET', '/open/@comments?b_size=2&b_start=2');
  assert.equal(page.json.items_total, 5);
  assert.deepEqual(
    page.json.items.map((c: any) => c.text.data),
    ['n2', 'n3'],
  );
  assert.ok(page.json.batching.next.includes('b_start=4'));
  for (const id of ids) assert.equal((await s.call('DELETE', `/open/@comments/${id}`)).status, 204);
});

test('comments follow their item: moved, trashed and restored, purged', async () => {
  assert.equal(
    (await s.call('POST', '/', { '@type': 'Document', id: 'talk', title: 'Talk', allow_discussion: true }))
      .status,
    201,
  );
  const id = idOf(await post('/talk', { text: 'keep me' }));
  const uid = (await s.call('GET', '/talk')).json.UID;
  // A rename keeps them (keyed by UID).
  assert.equal((await s.call('PATCH', '/talk', { id: 'talk2' })).status, 204);
  assert.equal((await list('/talk2')).items[0].comment_id, id);

  assert.equal((await s.call('DELETE', '/talk2')).status, 204);
  const hidden = await s.call('GET', '/@search?portal_type=Discussion%20Item&fullobjects=1');
  assert.ok(!hidden.json.items.some((c: any) => c.comment_id === id), 'not listed while in the trash');
  assert.equal((await s.call('POST', `/@trash/${uid}/restore`, {})).status, 200);
  const back = await list('/talk2');
  assert.equal(back.items_total, 1);
  assert.equal(back.items[0].text.data, 'keep me');

  assert.equal((await s.call('DELETE', '/talk2')).status, 204);
  assert.equal((await s.call('DELETE', `/@trash/${uid}`)).status, 204);
  const left = await s.storage.read((tx) => tx.comments.list(uid));
  assert.deepEqual(left, [], 'purged with the item');
});

test('the removed @conversations endpoint answers 404', async () => {
  const r = await s.call('GET', '/open/@conversations/default');
  assert.equal(r.status, 404);
  assert.equal(r.json.type, 'NotFound');
});
