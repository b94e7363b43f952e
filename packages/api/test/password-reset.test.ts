// Password reset by e-mail through a real SMTP server on loopback: the test
// reads the mail the backend sent and follows the link in it.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startSite, type TestSite } from './harness.js';
import { mailText, startSmtpSink } from './smtp-sink.js';

let s: TestSite;
let sink: Awaited<ReturnType<typeof startSmtpSink>>;
before(async () => {
  sink = await startSmtpSink();
  s = await startSite({
    smtpHost: '127.0.0.1',
    smtpPort: sink.port,
    mailFrom: 'Site <noreply@example.org>',
    publicUrl: 'https://www.example.org',
  });
});
after(async () => {
  await s.close();
  await sink.close();
});

const PW = 'a-good-long-password';

function linkIn(raw: string) {
  const m = /https:\/\/www\.example\.org\/passwordreset\/([\w-]+)\?userid=([\w%.-]+)/.exec(mailText(raw));
  assert.ok(m, `a reset link in the mail:\n${raw}`);
  return { token: m[1], userid: decodeURIComponent(m[2]) };
}

test('reset by mail: ask, receive the link, set a new password with its token, once', async () => {
  assert.equal(
    (await s.call('POST', '/@users', { username: 'forgetful', email: 'forgetful@example.org', password: PW }))
      .status,
    201,
  );
  const token = (await s.call('POST', '/@login', { login: 'forgetful', password: PW }, {}, null)).json.token;
  const ask = await s.call('POST', '/@users/forgetful/reset-password', undefined, {}, null);
  assert.equal(ask.status, 200);
  const mail = await sink.next();
  assert.deepEqual(mail.to, ['forgetful@example.org']);
  assert.equal(mail.from, 'noreply@example.org');
  assert.match(mail.raw, /Subject: Password reset for/);
  const link = linkIn(mail.raw);
  assert.equal(link.userid, 'forgetful');

  const weak = await s.call(
    'POST',
    `/@users/${link.userid}/reset-password`,
    { reset_token: link.token, new_password: 'short' },
    {},
    null,
  );
  assert.equal(weak.status, 400);
  assert.equal(weak.json.error.type, 'Invalid password');

  const set = await s.call(
    'POST',
    `/@users/${link.userid}/reset-password`,
    { reset_token: link.token, new_password: 'my-brand-new-password' },
    {},
    null,
  );
  assert.equal(set.status, 200, JSON.stringify(set.json));
  assert.equal((await s.call('POST', '/@login', { login: 'forgetful', password: PW }, {}, null)).status, 401);
  assert.equal(
    (await s.call('POST', '/@login', { login: 'forgetful', password: 'my-brand-new-password' }, {}, null))
      .status,
    200,
  );
  assert.equal(
    (await s.call('GET', '/@users/forgetful', undefined, {}, `Bearer ${token}`)).status,
    401,
    'tokens from before the reset are dead',
  );
  const again = await s.call(
    'POST',
    '/@users/forgetful/reset-password',
    { reset_token: link.token, new_password: 'yet-another-password' },
    {},
    null,
  );
  assert.equal(again.status, 403);
  assert.equal(again.json.error.type, 'Unknown Token');
});

test('a token works only for its own user; unknown users get a 200 and no mail', async () => {
  await s.call('POST', '/@users', { username: 'alice', email: 'alice@example.org', password: PW });
  await s.call('POST', '/@users', { username: 'bob', email: 'bob@example.org', password: PW });
  assert.equal((await s.call('POST', '/@users/alice/reset-password', {}, {}, null)).status, 200);
  const { token } = linkIn((await sink.next()).raw);
  const stolen = await s.call(
    'POST',
    '/@users/bob/reset-password',
    { reset_token: token, new_password: 'bob-is-mine-now' },
    {},
    null,
  );
  assert.equal(stolen.status, 403);
  assert.equal(stolen.json.error.type, 'Unknown Token');
  assert.equal((await s.call('POST', '/@users/nobody-at-all/reset-password', {}, {}, null)).status, 200);
  await assert.rejects(sink.next(300), /no mail/);
  const bad = await s.call('POST', '/@users/alice/reset-password', { reset_token: token }, {}, null);
  assert.equal(bad.status, 400);
  assert.equal(bad.json.error.type, 'Invalid parameters');
  const both = await s.call(
    'POST',
    '/@users/alice/reset-password',
    { reset_token: token, old_password: PW, new_password: 'x-long-password' },
    {},
    null,
  );
  assert.equal(both.status, 400);
});

test('reset mails are throttled per account', async () => {
  await s.call('POST', '/@users', { username: 'spammed', email: 'spammed@example.org', password: PW });
  for (let i = 0; i < 3; i++) {
    assert.equal((await s.call('POST', '/@users/spammed/reset-password', {}, {}, null)).status, 200);
    await sink.next();
  }
  const res = await s.call('POST', '/@users/spammed/reset-password', {}, {}, null);
  assert.equal(res.status, 429);
  assert.ok(res.headers['retry-after']);
});

test('a user created with sendPasswordReset gets a welcome mail with a working link', async () => {
  const res = await s.call('POST', '/@users', {
    username: 'newbie',
    email: 'newbie@example.org',
    fullname: 'New Bie',
    sendPasswordReset: true,
  });
  assert.equal(res.status, 201, JSON.stringify(res.json));
  const mail = await sink.next();
  assert.deepEqual(mail.to, ['newbie@example.org']);
  assert.match(mailText(mail.raw), /Hello New Bie/);
  const { token } = linkIn(mail.raw);
  const set = await s.call(
    'POST',
    '/@users/newbie/reset-password',
    { reset_token: token, new_password: 'newbies-password' },
    {},
    null,
  );
  assert.equal(set.status, 200);
  assert.equal(
    (await s.call('POST', '/@login', { login: 'newbie', password: 'newbies-password' }, {}, null)).status,
    200,
  );
});

test('an expired token is refused', async () => {
  const short = await startSite({ smtpHost: '127.0.0.1', smtpPort: sink.port, passwordResetLifetime: 1 });
  try {
    await short.call('POST', '/@users', { username: 'slow', email: 'slow@example.org', password: PW });
    assert.equal((await short.call('POST', '/@users/slow/reset-password', {}, {}, null)).status, 200);
    const m = /passwordreset\/([\w-]+)/.exec(mailText((await sink.next()).raw));
    assert.ok(m);
    await new Promise((r) => setTimeout(r, 1100));
    const res = await short.call(
      'POST',
      '/@users/slow/reset-password',
      { reset_token: m[1], new_password: 'too-late-password' },
      {},
      null,
    );
    assert.equal(res.status, 403);
    assert.equal(res.json.error.type, 'Expired Token');
  } finally {
    await short.close();
  }
});

test('without SMTP a reset request is a 503 and stores nothing; a mail server failure is a 502', async () => {
  const noMail = await startSite();
  try {
    await noMail.call('POST', '/@users', { username: 'u', email: 'u@example.org', password: PW });
    const res = await noMail.call('POST', '/@users/u/reset-password', {}, {}, null);
    assert.equal(res.status, 503);
    assert.equal(res.json.error.type, 'ServiceUnavailable');
  } finally {
    await noMail.close();
  }
  const deadPort = await startSite({ smtpHost: '127.0.0.1', smtpPort: 9 });
  try {
    await deadPort.call('POST', '/@users', { username: 'u', email: 'u@example.org', password: PW });
    const res = await deadPort.call('POST', '/@users/u/reset-password', {}, {}, null);
    assert.equal(res.status, 502);
    assert.equal(res.json.error.type, 'BadGateway');
  } finally {
    await deadPort.close();
  }
});
