// Bad input gets a clear 4xx in plone.restapi's error shape, nothing is
// half-written, and the server keeps serving.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import { startSite, type TestSite } from './harness.js';

let s: TestSite;
before(async () => {
  s = await startSite({ bodyLimit: 64 * 1024, maxBatchSize: 100 });
  await s.call('POST', '/', { '@type': 'Folder', id: 'f', title: 'F' });
});
after(() => s.close());

function assertError(r: { status: number; json: any; body: string }, status: number, type?: string) {
  assert.equal(r.status, status, r.body);
  assert.equal(typeof r.json?.error?.message, 'string', r.body);
  if (type) assert.equal(r.json.error.type, type);
}

async function childCount(path = '/f') {
  return (await s.call('GET', path)).json.items_total;
}

test('malformed JSON and invalid UTF-8 are 400', async () => {
  assertError(await s.call('POST', '/f', '{"@type": "Document", "title": '), 400, 'BadRequest');
  const invalidUtf8 = Buffer.concat([
    Buffer.from('{"@type":"Document","title":"'),
    Buffer.from([0xc3, 0x28]),
    Buffer.from('"}'),
  ]);
  assertError(await s.call('POST', '/f', invalidUtf8), 400, 'BadRequest');
  assertError(await s.call('POST', '/f', '{"__proto__": {"x": 1}, "@type": "Document"}'), 400);
  assertError(await s.call('POST', '/f', '[1,2]'), 400);
  assert.equal(await childCount(), 0);
});

test('wrong content type is 415; too large a body is 413', async () => {
  assertError(
    await s.call('POST', '/f', 'title=x', { 'content-type': 'application/x-www-form-urlencoded' }),
    415,
  );
  const big = { '@type': 'Document', title: 'x', description: 'y'.repeat(70 * 1024) };
  assertError(await s.call('POST', '/f', big), 413, 'RequestEntityTooLarge');
  assert.equal(await childCount(), 0);
});

test('unknown type, unknown field, wrong field types, missing required fields are 400', async () => {
  assertError(await s.call('POST', '/f', { '@type': 'NoSuchType', title: 'x' }), 400);
  assertError(await s.call('POST', '/f', { title: 'x' }), 400);
  const unknown = await s.call('POST', '/f', { '@type': 'Document', title: 'x', nonsense: 1 });
  assertError(unknown, 400);
  assert.deepEqual(
    unknown.json.error.errors.map((e: any) => e.field),
    ['nonsense'],
  );
  const wrongTypes = await s.call('POST', '/f', {
    '@type': 'Document',
    title: 42,
    exclude_from_nav: 'yes please',
  });
  assertError(wrongTypes, 400);
  assert.deepEqual(wrongTypes.json.error.errors.map((e: any) => e.field).sort(), [
    'exclude_from_nav',
    'title',
  ]);
  assertError(await s.call('POST', '/f', { '@type': 'Document' }), 400);
  assertError(await s.call('PATCH', '/f', { title: null }), 400);
  assertError(await s.call('PATCH', '/f', { '@type': 'Document' }), 400);
  assert.equal(await childCount(), 0);
  assert.equal((await s.call('GET', '/f')).json.title, 'F');
});

test('unsafe ids are refused', async () => {
  for (const id of ['a/b', '..', '@@view', '++api++', 'a\u0000b', 'x'.repeat(256), 'white space']) {
    assertError(await s.call('POST', '/f', { '@type': 'Document', id, title: 't' }), 400);
  }
  assert.equal(await childCount(), 0);
  await s.call('POST', '/f', { '@type': 'Document', id: 'taken', title: 't' });
  assertError(await s.call('POST', '/f', { '@type': 'Document', id: 'taken', title: 't' }), 400);
  assert.equal(await s.call('DELETE', '/f/taken').then((r) => r.status), 204);
});

test('huge or malformed b_size is 400', async () => {
  assertError(await s.call('GET', '/f?b_size=100000'), 400);
  assertError(await s.call('GET', '/f?b_size=abc'), 400);
  // Empty is unset (Volto's URL-management form sends b_size=).
  assert.equal((await s.call('GET', '/f/@aliases?b_size=&b_start=0&q=')).status, 200);
  assertError(await s.call('GET', '/f?b_start=-5'), 400);
});

test('unknown service is 404, wrong method is 405, adding into a non-folder is 400', async () => {
  assert.equal((await s.call('GET', '/f/@nonsense')).status, 404);
  assertError(await s.call('DELETE', '/@site'), 405, 'MethodNotAllowed');
  assert.equal(
    (await s.call('POST', '/f', { '@type': 'Link', id: 'l', title: 'L', remoteUrl: 'https://example.org' }))
      .status,
    201,
  );
  assertError(await s.call('POST', '/f/l', { '@type': 'Document', title: 'child' }), 400);
  await s.call('DELETE', '/f/l');
});

test('fuzz: arbitrary JSON bodies never cause a 5xx or a partial write', async () => {
  const before = await childCount();
  const field = fc.constantFrom(
    'title',
    'description',
    'text',
    'subjects',
    'effective',
    'exclude_from_nav',
    'blocks',
    'id',
    'language',
    'relatedItems',
    'bogus',
  );
  const body = fc.oneof(
    fc.jsonValue(),
    fc.dictionary(field, fc.jsonValue()).map((d) => ({ '@type': 'Document', ...d })),
    fc.dictionary(fc.string(), fc.jsonValue()),
  );
  let created = 0;
  await fc.assert(
    fc.asyncProperty(body, fc.constantFrom('POST', 'PATCH', 'PUT'), async (b, method) => {
      const target = method === 'POST' ? '/f' : '/f';
      const r = await s.call(method, target, JSON.stringify(b));
      assert.ok(r.status < 500, `${method} ${JSON.stringify(b)} -> ${r.status} ${r.body}`);
      if (r.status >= 400) assert.equal(typeof r.json?.error?.message, 'string');
      if (method === 'POST' && r.status === 201) created++;
    }),
    { numRuns: 300 },
  );
  assert.equal(await childCount(), before + created);
  // The server still serves.
  assert.equal((await s.call('GET', '/')).status, 200);
});
