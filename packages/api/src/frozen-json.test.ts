import assert from 'node:assert/strict';
import { test } from 'node:test';
import { toJson } from './frozen-json.js';

test('the same text as JSON.stringify, frozen parts included', () => {
  const shared = Object.freeze({ items: Object.freeze([{ a: 1 }, { b: 'x"y' }]) });
  const body = {
    '@id': 'u',
    n: null,
    skip: undefined,
    list: [1, undefined, 'z'],
    components: { navigation: shared },
    d: new Date(0),
  };
  assert.equal(toJson(body), JSON.stringify(body));
  // Twice: the second time from the remembered text.
  assert.equal(toJson(body), JSON.stringify(body));
  assert.equal(toJson('s'), '"s"');
});
