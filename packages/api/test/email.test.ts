// @email-notification (the contact form Volto's footer links to) and
// @email-send, through a real SMTP server on loopback.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startSite, type TestSite } from './harness.js';
import { mailText, startSmtpSink } from './smtp-sink.js';
import { addUser } from './users.js';

let s: TestSite;
let sink: Awaited<ReturnType<typeof startSmtpSink>>;
before(async () => {
  sink = await startSmtpSink();
  s = await startSite({ smtpHost: '127.0.0.1', smtpPort: sink.port, mailFrom: 'Site <noreply@example.org>' });
  const panel = await s.call('PATCH', '/@controlpanels/mail', {
    email_from_address: 'contact@example.org',
    email_from_name: 'The site',
  });
  assert.equal(panel.status, 204, panel.body);
});
after(async () => {
  await s.close();
  await sink.close();
});

const header = (raw: string, name: string) => new RegExp(`^${name}: (.*)$`, 'mi').exec(raw)?.[1]?.trim();

test("an anonymous visitor's contact message reaches the site's contact address, answerable to the visitor", async () => {
  const r = await s.call(
    'POST',
    '/@email-notification',
    {
      name: 'Ann Visitor',
      from: 'ann@example.net',
      subject: 'Opening hours',
      message: 'When are you open?\nThanks.',
    },
    { 'x-forwarded-for': '203.0.113.1' },
    null,
  );
  assert.equal(r.status, 204, r.body);
  const mail = await sink.next();
  assert.deepEqual(mail.to, ['contact@example.org']);
  assert.equal(header(mail.raw, 'Reply-To'), 'ann@example.net');
  assert.equal(header(mail.raw, 'Subject'), 'Opening hours');
  const body = mailText(mail.raw);
  assert.match(body, /Ann Visitor <ann@example\.net> wrote/);
  assert.match(body, /When are you open\?\r?\nThanks\./);
});

test('contact messages: bad input is refused, nothing is sent; headers cannot be smuggled in', async () => {
  const bad = [
    {},
    { from: 'ann@example.net' },
    { message: 'hi' },
    { from: 'not an address', message: 'hi' },
    { from: 'ann@example.net', message: 'x'.repeat(20_001) },
    { from: 'ann@example.net', message: 'hi', to: 'someone@example.org' },
    { from: 'ann@example.net', message: 42 },
  ];
  for (const body of bad) {
    const r = await s.call('POST', '/@email-notification', body, {}, null);
    assert.equal(r.status, 400, JSON.stringify(body));
    assert.equal(r.json.error.type, 'BadRequest');
  }
  assert.equal((await s.call('POST', '/@email-notification', '[1]', {}, null)).status, 400);
  const sneaky = await s.call(
    'POST',
    '/@email-notification',
    { from: 'eve@example.net', subject: 'Hi\r\nBcc: victim@example.org', message: 'x' },
    { 'x-forwarded-for': '203.0.113.2' },
    null,
  );
  assert.equal(sneaky.status, 204);
  const mail = await sink.next();
  assert.deepEqual(mail.to, ['contact@example.org']);
  assert.equal(header(mail.raw, 'Bcc'), undefined);
  assert.equal(sink.mails.length, 0, 'nothing else was sent');
});

test('the contact form is throttled per client address', async () => {
  const send = () =>
    s.call(
      'POST',
      '/@email-notification',
      { from: 'bot@example.net', message: 'buy' },
      { 'x-forwarded-for': '198.51.100.7' },
      null,
    );
  const statuses: number[] = [];
  for (let i = 0; i < 7; i++) statuses.push((await send()).status);
  assert.deepEqual(statuses, [204, 204, 204, 204, 204, 429, 429]);
  for (let i = 0; i < 5; i++) await sink.next();
});

test('@email-send: administrators mail any address; others are refused', async () => {
  const editor = await addUser(s, 'editor', ['Editor']);
  const body = { from: 'admin@example.org', to: 'jane@example.org', subject: 'Hello', message: 'Hi Jane.' };
  assert.equal((await s.call('POST', '/@email-send', body, {}, null)).status, 401);
  assert.equal((await s.call('POST', '/@email-send', body, {}, editor)).status, 403);
  const r = await s.call('POST', '/@email-send', body);
  assert.equal(r.status, 204, r.body);
  const mail = await sink.next();
  assert.deepEqual(mail.to, ['jane@example.org']);
  assert.match(mailText(mail.raw), /Hi Jane\./);
  assert.equal(
    (await s.call('POST', '/@email-send', { from: 'admin@example.org', message: 'x' })).status,
    400,
  );
});

test('without mail configured the endpoints answer 503; only the site root serves them', async () => {
  const noMail = await startSite();
  try {
    const r = await noMail.call(
      'POST',
      '/@email-notification',
      { from: 'a@example.net', message: 'x' },
      {},
      null,
    );
    assert.equal(r.status, 503);
    assert.equal(r.json.error.type, 'ServiceUnavailable');
  } finally {
    await noMail.close();
  }
  await s.call('POST', '/', { '@type': 'Document', id: 'page', title: 'Page' });
  assert.equal(
    (await s.call('POST', '/page/@email-notification', { from: 'a@example.net', message: 'x' })).status,
    400,
  );
});
