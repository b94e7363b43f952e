// The matcher must accept what it should and, above all, report what it
// should not accept, with the path of the difference.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatResponse, parseRequest, parseResponse } from './http-file.js';
import { type Captured, type Diff, formatDiffs, matchValue, type Scope, substitute } from './match.js';
import { merge, recordResponse } from './normalize.js';
import { compare } from './stories.js';

const UID = '0123456789abcdef0123456789abcdef';
const DATE = '2024-05-01T12:30:00+00:00';

function scope(exchanges: Record<string, Partial<Captured>> = {}): Scope {
  const map = new Map<string, Captured>();
  for (const [k, v] of Object.entries(exchanges))
    map.set(k, { status: 200, headers: {}, body: undefined, bodyText: '', ...v });
  return { base: 'http://localhost:8080', admin: 'YWRtaW46eA==', password: 'x', exchanges: map };
}

const diffs = (expected: unknown, actual: unknown, s = scope()): Diff[] => matchValue(expected, actual, s);
const paths = (d: Diff[]) => d.map((x) => x.path);

test('equal JSON matches; a wrong value is reported with its path', () => {
  const expected = {
    title: 'A',
    items: [
      { id: 'x', n: 1 },
      { id: 'y', n: 2 },
    ],
    flag: true,
    none: null,
  };
  assert.deepEqual(diffs(expected, structuredClone(expected)), []);
  const actual = {
    title: 'A',
    items: [
      { id: 'x', n: 1 },
      { id: 'z', n: 2 },
    ],
    flag: true,
    none: null,
  };
  const d = diffs(expected, actual);
  assert.deepEqual(paths(d), ['$.items[1].id']);
  assert.match(d[0].message, /expected "y", got "z"/);
});

test('types are not coerced', () => {
  assert.deepEqual(paths(diffs({ n: 1 }, { n: '1' })), ['$.n']);
  assert.deepEqual(paths(diffs({ v: null }, { v: false })), ['$.v']);
  assert.deepEqual(paths(diffs({ v: [] }, { v: {} })), ['$.v']);
  assert.deepEqual(paths(diffs({ v: {} }, { v: [] })), ['$.v']);
});

test('missing and unexpected keys and array items are reported', () => {
  const d = diffs({ a: 1, b: 2, list: [1, 2] }, { a: 1, c: 3, list: [1, 2, 3] });
  assert.deepEqual(paths(d).sort(), ['$.b', '$.c', '$.list[2]']);
  assert.match(d.find((x) => x.path === '$.b')!.message, /missing key/);
  assert.match(d.find((x) => x.path === '$.c')!.message, /unexpected key/);
  assert.deepEqual(paths(diffs([1, 2, 3], [1, 2])), ['$[2]']);
  assert.deepEqual(paths(diffs({ 'plone.site_title': 'x' }, { 'plone.site_title': 'y' })), [
    '$["plone.site_title"]',
  ]);
});

test('{{uid}}, {{date}}, {{uuid}}, {{etag}} and {{token}} accept their kind only', () => {
  assert.deepEqual(diffs({ UID: '{{uid}}', created: '{{date}}' }, { UID, created: DATE }), []);
  assert.deepEqual(paths(diffs({ UID: '{{uid}}' }, { UID: 'not-a-uid' })), ['$.UID']);
  assert.deepEqual(paths(diffs({ UID: '{{uid}}' }, { UID: UID.toUpperCase() })), ['$.UID']);
  assert.deepEqual(paths(diffs({ UID: '{{uid}}' }, { UID: 42 })), ['$.UID']);
  assert.deepEqual(paths(diffs({ d: '{{date}}' }, { d: '2024-05-01T12:30:00' })), ['$.d'], 'offset required');
  assert.deepEqual(paths(diffs({ d: '{{date}}' }, { d: '2024-05-01' })), ['$.d']);
  assert.deepEqual(diffs('{{uuid}}', 'a1b2c3d4-0000-4000-8000-1234567890ab'), []);
  assert.deepEqual(paths(diffs('{{uuid}}', UID)), ['$']);
  assert.deepEqual(diffs('{{etag}}', 'W/"12-abc"'), []);
  assert.deepEqual(paths(diffs('{{etag}}', 'abc')), ['$']);
  assert.deepEqual(diffs('{{token}}', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZG1pbiJ9.c2ln'), []);
  assert.deepEqual(paths(diffs('{{token}}', 'secret')), ['$']);
});

test('{{string}}, {{number}} and {{any}} check the JSON type', () => {
  assert.deepEqual(
    diffs({ s: '{{string}}', n: '{{number}}', a: '{{any}}' }, { s: '', n: 3.5, a: { x: [1] } }),
    [],
  );
  assert.deepEqual(paths(diffs({ s: '{{string}}' }, { s: 1 })), ['$.s']);
  assert.deepEqual(paths(diffs({ n: '{{number}}' }, { n: '3' })), ['$.n']);
  assert.deepEqual(paths(diffs({ a: '{{any}}' }, {})), ['$.a'], '{{any}} still needs the key');
});

test('placeholders inside a string match a part of it; {{base}} is substituted', () => {
  const s = scope();
  assert.deepEqual(
    diffs({ '@id': '{{base}}/a/{{uid}}' }, { '@id': `http://localhost:8080/a/${UID}` }, s),
    [],
  );
  assert.deepEqual(paths(diffs({ '@id': '{{base}}/a' }, { '@id': 'http://example.org/a' }, s)), ['$["@id"]']);
  assert.deepEqual(
    paths(diffs('{{base}}/a', 'http://localhost:8080/a/b', s)),
    ['$'],
    'anchored at both ends',
  );
  assert.deepEqual(diffs('price: {{number}} EUR (a.b)', 'price: 12.5 EUR (a.b)'), []);
  assert.deepEqual(paths(diffs('a.b', 'axb')), ['$'], 'literal text is escaped');
});

test('labelled matchers must be the same value everywhere in a response', () => {
  const expected = {
    blocks: { '{{uuid#1}}': { t: 'title' }, '{{uuid#2}}': { t: 'text' } },
    layout: ['{{uuid#1}}', '{{uuid#2}}'],
  };
  const a = 'a1b2c3d4-0000-4000-8000-00000000000a';
  const b = 'a1b2c3d4-0000-4000-8000-00000000000b';
  assert.deepEqual(
    diffs(expected, { blocks: { [a]: { t: 'title' }, [b]: { t: 'text' } }, layout: [a, b] }),
    [],
  );
  const swapped = diffs(expected, { blocks: { [a]: { t: 'title' }, [b]: { t: 'text' } }, layout: [b, a] });
  assert.deepEqual(paths(swapped), ['$.layout[0]', '$.layout[1]']);
  const wrongValue = diffs(expected, { blocks: { [a]: { t: 'title' }, [b]: { t: 'oops' } }, layout: [a, b] });
  assert.deepEqual(paths(wrongValue), [`$.blocks["${b}"].t`]);
  const extraKey = diffs({ m: { '{{uuid#1}}': 1 } }, { m: { [a]: 1, [b]: 1 } });
  assert.deepEqual(paths(extraKey), [`$.m["${b}"]`]);
});

test('captures refer to earlier responses by name and JSON pointer', () => {
  const s = scope({
    login: { body: { token: 'eyJ.x.y', n: 7, 'a/b': 'slash' } },
    get: { headers: { etag: 'W/"1-x"' } },
  });
  assert.equal(substitute('Bearer {{capture:login/token}}', s), 'Bearer eyJ.x.y');
  assert.equal(substitute('{{header:get/ETag}} {{capture:login/a~1b}}', s), 'W/"1-x" slash');
  assert.equal(substitute('Basic {{admin}}', s), 'Basic YWRtaW46eA==');
  assert.deepEqual(
    diffs({ n: '{{capture:login/n}}' }, { n: 7 }, s),
    [],
    'a whole capture keeps its JSON type',
  );
  assert.deepEqual(paths(diffs({ n: '{{capture:login/n}}' }, { n: '7' }, s)), ['$.n']);
  assert.deepEqual(paths(diffs({ t: '{{capture:login/token}}' }, { t: 'other' }, s)), ['$.t']);
  assert.throws(() => substitute('{{capture:nope/x}}', s), /no earlier exchange named "nope"/);
  assert.throws(() => substitute('{{capture:login/missing}}', s), /has nothing at/);
  assert.throws(() => substitute('{{uid}}', s), /cannot be used in a request/);
  assert.throws(() => diffs('{{typo}}', 'x'), /unknown placeholder/);
});

test('formatDiffs lists path and reason, and caps long lists', () => {
  const text = formatDiffs(diffs({ a: 1, b: [1, 2] }, { a: 2, b: [1, 3] }));
  assert.match(text, /\$\.a: expected 1, got 2/);
  assert.match(text, /\$\.b\[1\]: expected 2, got 3/);
  const many = Array.from({ length: 50 }, (_, i) => ({ path: `$[${i}]`, message: 'x' }));
  assert.match(formatDiffs(many, 10), /and 40 more/);
});

test('.req and .resp files parse; compare checks status, listed headers and body', () => {
  const req = parseRequest('POST /f?x=1 HTTP/1.1\r\nAccept: application/json\r\nX-A: b: c\r\n\r\n{"a": 1}\n');
  assert.deepEqual(req, {
    method: 'POST',
    target: '/f?x=1',
    headers: [
      ['Accept', 'application/json'],
      ['X-A', 'b: c'],
    ],
    body: '{"a": 1}',
  });
  const resp = parseResponse(
    'HTTP/1.1 201 Created\nContent-Type: application/json\nLocation: {{base}}/f/a\n\n{"id": "a"}\n',
  );
  const ok: Captured = {
    status: 201,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      location: 'http://localhost:8080/f/a',
      etag: 'W/"1"',
    },
    body: { id: 'a' },
    bodyText: '{"id":"a"}',
  };
  assert.deepEqual(compare(resp, ok, scope()), [], 'media type only; unlisted headers are not checked');
  const bad = compare(
    resp,
    { ...ok, status: 200, headers: { 'content-type': 'text/html' }, body: { id: 'b' } },
    scope(),
  );
  assert.deepEqual(paths(bad), ['status', 'header Content-Type', 'header Location', '$.id']);
  const empty = parseResponse('HTTP/1.1 204 No Content\n\n');
  assert.deepEqual(
    paths(compare(empty, { ...ok, status: 204 }, scope())),
    ['body'],
    'a 204 must have no body',
  );
  assert.deepEqual(compare(empty, { status: 204, headers: {}, body: undefined, bodyText: '' }, scope()), []);
});

test('the recorder replaces volatile values and keeps matchers that still match', () => {
  const s = scope();
  const state = { base: s.base, uidSources: new Map<string, string>() };
  const first: Captured = {
    status: 201,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      location: 'http://localhost:8080/doc',
      etag: 'W/"2-x"',
    },
    body: {
      '@id': 'http://localhost:8080/doc',
      UID,
      created: DATE,
      token: 'eyJhbGciOiJIUzI1NiJ9.eyJ4IjoxfQ.c2ln',
      n: 3,
    },
    bodyText: '-',
  };
  const rec = recordResponse(first, 'post_doc', state, s);
  assert.deepEqual(rec.headers, [
    ['Content-Type', 'application/json'],
    ['Location', '{{base}}/doc'],
    ['ETag', '{{etag}}'],
  ]);
  assert.deepEqual(JSON.parse(rec.body), {
    '@id': '{{base}}/doc',
    UID: '{{uid}}',
    created: '{{date}}',
    token: '{{token}}',
    n: 3,
  });
  // A UID seen before is recorded as a capture of where it first appeared.
  const again = recordResponse({ ...first, body: { items: [{ UID }] } }, 'get_folder', state, s);
  assert.deepEqual(JSON.parse(again.body), { items: [{ UID: '{{capture:post_doc/UID}}' }] });
  // Hand-written matchers survive re-recording while they match; changed values do not.
  const existing = parseResponse(
    formatResponse({ ...rec, body: rec.body.replace('"n": 3', '"n": "{{number}}"') }),
  );
  const rerecorded = recordResponse(
    { ...first, body: { ...(first.body as object), n: 4 } },
    'post_doc',
    { ...state, uidSources: new Map() },
    s,
    existing,
  );
  assert.equal(JSON.parse(rerecorded.body).n, '{{number}}');
  assert.deepEqual(merge({ a: 'old', b: 1 }, { a: 'new', b: 1 }, { a: 'new', b: 1 }, s), { a: 'new', b: 1 });
});
