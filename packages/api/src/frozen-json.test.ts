import assert from 'node:assert/strict';
import { test } from 'node:test';
import { encodeJson, encodeJsonBytes } from './frozen-json.js';

test('the same text as JSON.stringify, frozen parts included; the digest follows the content', () => {
  const shared = Object.freeze({ items: Object.freeze([{ a: 1 }, { b: 'x"y' }]) });
  const body = {
    '@id': 'u',
    n: null,
    skip: undefined,
    list: [1, undefined, 'z'],
    components: { navigation: shared },
    d: new Date(0),
  };
  const first = encodeJson(body);
  assert.equal(first.text, JSON.stringify(body));
  // Again, from the remembered part: same text, same digest.
  assert.deepEqual(encodeJson(body), first);
  assert.equal(encodeJson('s').text, '"s"');
  // Any change, inside a frozen part or outside, changes the digest.
  const other = Object.freeze({ items: Object.freeze([{ a: 2 }, { b: 'x"y' }]) });
  assert.notEqual(encodeJson({ ...body, components: { navigation: other } }).digest, first.digest);
  assert.notEqual(encodeJson({ ...body, '@id': 'v' }).digest, first.digest);
});

test('large frozen parts are copied as bytes: the same bytes, the same digest', () => {
  const tree = Object.freeze({
    items: Object.freeze(
      Array.from({ length: 3000 }, (_, i) => Object.freeze({ title: `Ünïcode ${i}`, n: i })),
    ),
  });
  const body = { '@id': 'http://x/@navigation', before: 'a', nav: tree, after: [tree, 'b'] };
  const bytes = encodeJsonBytes(body);
  assert.ok(bytes.body.length > 64 * 1024);
  assert.equal(bytes.body.toString('utf8'), JSON.stringify(body));
  assert.equal(bytes.digest, encodeJson(body).digest);
  assert.deepEqual(encodeJsonBytes(body), bytes);
});
