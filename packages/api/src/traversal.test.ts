import assert from 'node:assert/strict';
import { test } from 'node:test';
import { traverse } from './traversal.js';

const req = (path: string, extra: Partial<Parameters<typeof traverse>[0]> = {}) => ({
  path,
  host: 'localhost:8080',
  protocol: 'http',
  ...extra,
});

test('content path and service tail', () => {
  const t = traverse(req('/news/item-1/@workflow/publish'), [], true);
  assert.equal(t.contentPath, '/news/item-1');
  assert.equal(t.service, '@workflow');
  assert.deepEqual(t.serviceArgs, ['publish']);
  assert.equal(t.urls.url(t.contentPath), 'http://localhost:8080/news/item-1');
  assert.equal(traverse(req('/'), [], true).contentPath, '');
  assert.equal(traverse(req('/doc/@@download/file'), [], true).service, '@download');
});

test('mounted under /Plone; outside the mount is not found', () => {
  const t = traverse(req('/Plone/news'), ['Plone'], true);
  assert.equal(t.contentPath, '/news');
  assert.equal(t.urls.url(''), 'http://localhost:8080/Plone');
  assert.throws(() => traverse(req('/other/news'), ['Plone'], true), /not found/);
});

test('++api++ is dropped and forwarded headers are honoured when trusted', () => {
  const t = traverse(
    req('/++api++/news', { forwardedHost: 'example.org', forwardedProto: 'https' }),
    [],
    true,
  );
  assert.equal(t.contentPath, '/news');
  assert.equal(t.urls.url('/news'), 'https://example.org/news');
  const u = traverse(req('/news', { forwardedHost: 'evil.org' }), [], false);
  assert.equal(u.urls.url('/news'), 'http://localhost:8080/news');
});

test("a forwarded host without a scheme (Volto's server-side renderer) leaves URLs on the request's Host", () => {
  const t = traverse(req('/++api++/news', { forwardedHost: 'localhost' }), [], true);
  assert.equal(t.urls.url('/news'), 'http://localhost:8080/news');
});

test('VirtualHostBase as Volto seamless mode sends it', () => {
  const t = traverse(
    req('/VirtualHostBase/http/localhost:3000/++api++/VirtualHostRoot/folder/@types'),
    [],
    true,
  );
  assert.equal(t.contentPath, '/folder');
  assert.equal(t.service, '@types');
  assert.equal(t.urls.url('/folder'), 'http://localhost:3000/folder');
  const m = traverse(
    req('/VirtualHostBase/https/example.org:443/Plone/++api++/VirtualHostRoot/a'),
    ['Plone'],
    true,
  );
  assert.equal(m.contentPath, '/a');
  assert.equal(m.urls.url('/a'), 'https://example.org/a');
  const vh = traverse(req('/VirtualHostBase/http/h:8000/Plone/VirtualHostRoot/_vh_cms/a'), ['Plone'], true);
  assert.equal(vh.urls.url('/a'), 'http://h:8000/cms/a');
});

test('malformed virtual hosting and bad percent-encoding are 400', () => {
  assert.throws(() => traverse(req('/VirtualHostBase/ftp/x/VirtualHostRoot/'), [], true), /virtual hosting/);
  assert.throws(() => traverse(req('/%E0%A4%A'), [], true), /percent-encoded/);
});
