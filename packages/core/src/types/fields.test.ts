import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as f from './field-schemas.js';
import { clone } from './field-type.js';
import {
  deserializeValue,
  FieldValueError,
  fieldTypeFor,
  fitInto,
  imageSize,
  serializeValue,
  validateValue,
} from './fields.js';
import type { FieldSchema, JsonValue } from './model.js';

const rejects = (schema: FieldSchema, value: unknown, message?: RegExp) => {
  const error = validateValue(schema, value);
  assert.notEqual(error, null, `${schema.factory} should reject ${JSON.stringify(value)}`);
  if (message) assert.match(error!, message);
  assert.throws(() => deserializeValue(schema, value), FieldValueError);
};
const roundTrip = (schema: FieldSchema, wire: unknown, stored: JsonValue, get: JsonValue = stored) => {
  assert.deepEqual(deserializeValue(schema, wire), stored);
  assert.deepEqual(serializeValue(schema, stored), get);
};

const PNG_8x8 =
  'iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAIAAABLbSncAAAAEUlEQVR4nGM4ISeHFTEMLQkAkL9BAbKfPiIAAAAASUVORK5CYII=';
const ctx = { contentUrl: 'http://site/doc', fieldName: 'image' };

test('Text line: strings without line breaks, within min/max length', () => {
  const s = f.textLine('T', '', { minLength: 2, maxLength: 5 });
  roundTrip(s, 'abc', 'abc');
  rejects(s, 42, /wrong type/);
  rejects(s, 'a\nb', /Constraint/);
  rejects(s, 'a', /too short/);
  rejects(s, 'abcdef', /too long/);
});

test('Text, Password: strings', () => {
  roundTrip(f.text('T'), 'two\nlines', 'two\nlines');
  rejects(f.text('T', '', { maxLength: 3 }), 'four', /too long/);
  rejects(f.text('T'), ['x']);
  roundTrip(f.password('P'), 's3cret', 's3cret');
  rejects(f.password('P'), true);
});

test('Email and URL check their format', () => {
  roundTrip(f.email('E'), 'foo@bar.com', 'foo@bar.com');
  rejects(f.email('E'), 'not-an-email', /email/);
  rejects(f.email('E'), 'a@b');
  roundTrip(f.url('U'), 'https://plone.org/x?y=1', 'https://plone.org/x?y=1');
  rejects(f.url('U'), 'no scheme here', /URI/);
  rejects(f.url('U', '', { maxLength: 10 }), 'https://plone.org/long', /too long/);
});

test('Yes/No accepts booleans and form strings', () => {
  roundTrip(f.bool('B'), true, true);
  assert.equal(deserializeValue(f.bool('B'), 'false'), false);
  assert.equal(deserializeValue(f.bool('B'), 'on'), true);
  rejects(f.bool('B'), 'maybe');
  rejects(f.bool('B'), 1);
  assert.equal(serializeValue(f.bool('B', '', { default: true }), undefined), true);
  assert.equal(serializeValue(f.bool('B'), undefined), null);
});

test('Integer and Floating-point number, with minimum/maximum', () => {
  const i = f.integer('I', '', { minimum: 1, maximum: 10 });
  roundTrip(i, 5, 5);
  assert.equal(deserializeValue(i, '7'), 7);
  rejects(i, 1.5, /wrong type/);
  rejects(i, 0, /too small/);
  rejects(i, 11, /too big/);
  rejects(i, true);
  rejects(i, 'seven');
  roundTrip(f.float('F'), 1.25, 1.25);
  assert.equal(deserializeValue(f.float('F'), '2.5'), 2.5);
  rejects(f.float('F'), 'x');
  rejects(f.float('F'), Number.NaN);
});

test('Date/Time stores ISO strings in UTC', () => {
  const s = f.datetime('D');
  roundTrip(s, '2013-01-01T10:00:00+00:00', '2013-01-01T10:00:00+00:00');
  assert.equal(deserializeValue(s, '2013-01-01T12:30:00+02:00'), '2013-01-01T10:30:00+00:00');
  assert.equal(deserializeValue(s, '2013-01-01T10:00:00.250Z'), '2013-01-01T10:00:00.250000+00:00');
  assert.equal(deserializeValue(s, '2013-01-01T10:00'), '2013-01-01T10:00:00+00:00');
  assert.equal(deserializeValue(s, '2013-01-01'), '2013-01-01T00:00:00+00:00');
  rejects(s, '2013-02-30T10:00:00Z', /Invalid date/);
  rejects(s, 'yesterday', /Invalid date/);
  rejects(s, 1357034400000, /Invalid date/);
  assert.equal(serializeValue(s, undefined), null);
});

test('Date stores the calendar date', () => {
  roundTrip(f.date('D'), '2024-02-29', '2024-02-29');
  assert.equal(deserializeValue(f.date('D'), '2024-03-01T23:30:00-05:00'), '2024-03-01');
  rejects(f.date('D'), '2023-02-29');
  rejects(f.date('D', '', { minimum: '2024-01-01' }), '2023-12-31', /too small/);
});

test('Choice with inline terms stores the token and serializes {token, title}', () => {
  const s = f.inlineChoice('allow_discussion', 'A', '', [
    ['True', 'Yes'],
    ['False', 'No'],
  ]);
  roundTrip(s, 'True', 'True', { title: 'Yes', token: 'True' });
  assert.equal(deserializeValue(s, false), 'False');
  assert.equal(deserializeValue(s, { token: 'False', title: 'No' }), 'False');
  rejects(s, 'Maybe', /Constraint/);
  rejects(s, ['True']);
});

test('Choice with a named vocabulary asks the context', () => {
  const s = f.choice('Language', '', 'plone.app.vocabularies.SupportedContentLanguages', { default: 'en' });
  const known = { vocabularyHas: (_v: string, t: string) => t === 'en' };
  assert.equal(deserializeValue(s, 'en', known), 'en');
  assert.throws(() => deserializeValue(s, 'xx', known), /Constraint/);
  assert.equal(deserializeValue(s, 'xx'), 'xx', 'no vocabulary at hand: no check');
  assert.equal(deserializeValue(s, '', known), '', '"" is the missing value');
  const terms = {
    ...ctx,
    vocabularyTerm: (_v: string, t: string) => (t === 'en' ? { token: 'en', title: 'English' } : null),
  };
  assert.deepEqual(serializeValue(s, 'en', terms), { title: 'English', token: 'en' });
  assert.equal(serializeValue(s, '', terms), '');
});

test('Tuple and List check item types and uniqueness', () => {
  const tags = f.lines('Tags', '', 'plone.app.vocabularies.Keywords');
  roundTrip(tags, ['a', 'b'], ['a', 'b']);
  assert.deepEqual(deserializeValue(tags, 'single'), ['single']);
  rejects(tags, ['a', 'a'], /not unique/);
  rejects(tags, ['a', 3], /Wrong contained type/);
  rejects(f.lines('L', '', undefined, { maxItems: 1 }), ['a', 'b'], /too long/);
  assert.deepEqual(serializeValue(tags, undefined), []);
  assert.deepEqual(serializeValue(tags, null), []);
  const list = f.sequence('List', 'L', '', f.integer(''));
  roundTrip(list, [1, 1, 2], [1, 1, 2]);
  rejects(list, [1, 'x']);
  const multi = f.sequence('Multiple Choice', 'M', '', f.inlineChoice('m', '', '', [['a', 'A']]));
  assert.deepEqual(deserializeValue(multi, ['a', 'a']), ['a'], 'set semantics: duplicates collapse');
  rejects(multi, ['b'], /Constraint/);
  assert.deepEqual(serializeValue(multi, ['a']), [{ title: 'A', token: 'a' }]);
});

test('List of named-vocabulary choices serializes terms (customViewFields)', () => {
  const s = f.sequence('List', 'Columns', '', f.choice('', '', 'plone.app.vocabularies.MetadataFields'), {
    default: ['Title', 'ModificationDate'],
  });
  const titles: Record<string, string> = { Title: 'Title', ModificationDate: 'Last modified' };
  const c = {
    ...ctx,
    vocabularyTerm: (_v: string, t: string) => (titles[t] ? { token: t, title: titles[t] } : null),
  };
  assert.deepEqual(serializeValue(s, undefined, c), [
    { title: 'Title', token: 'Title' },
    { title: 'Last modified', token: 'ModificationDate' },
  ]);
  assert.deepEqual(serializeValue(s, ['Title', 'Gone'], c), [{ title: 'Title', token: 'Title' }]);
  assert.deepEqual(serializeValue(s, ['Title']), ['Title'], 'no vocabulary: raw tokens');
});

test('Relation Choice and Relation List store UIDs', () => {
  const uid = '0123456789abcdef0123456789abcdef';
  const one = f.relationChoice('R');
  roundTrip(one, uid, uid);
  assert.equal(deserializeValue(one, { UID: uid }), uid);
  rejects(one, '/some/path', /Could not resolve object for path/);
  rejects(one, 12);
  const resolver = {
    resolveRelation: (ref: string) => (ref === 'http://site/doc' || ref === uid ? uid : null),
  };
  assert.equal(deserializeValue(one, { '@id': 'http://site/doc' }, resolver), uid);
  assert.throws(
    () => deserializeValue(one, 'ffffffffffffffffffffffffffffffff', resolver),
    /Could not resolve/,
  );
  const many = f.relationList('Related');
  roundTrip(many, [uid], [uid]);
  rejects(many, [uid, { UID: uid }], /not unique/);
  assert.deepEqual(serializeValue(many, undefined), []);
  const summary = {
    ...ctx,
    relationSummary: (u: string) => (u === uid ? { '@id': 'http://site/doc', UID: u } : null),
  };
  assert.deepEqual(serializeValue(many, [uid, 'gone'], summary), [{ '@id': 'http://site/doc', UID: uid }]);
});

test('Rich Text accepts a string or {data, content-type, encoding}', () => {
  const s = f.richText('Text');
  assert.deepEqual(deserializeValue(s, '<p>Hi</p>'), {
    data: '<p>Hi</p>',
    'content-type': 'text/html',
    encoding: 'utf-8',
  });
  const stored = deserializeValue(s, {
    data: "It's\nplain",
    'content-type': 'text/plain',
    encoding: 'utf-8',
  });
  assert.deepEqual(stored, { data: "It's\nplain", 'content-type': 'text/plain', encoding: 'utf-8' });
  assert.deepEqual(serializeValue(s, stored), {
    'content-type': 'text/plain',
    data: '<p>It&#x27;s<br />plain</p>',
    encoding: 'utf-8',
  });
  const html = serializeValue(s, {
    data: '<p onclick="x()">a</p><script>bad()</script>',
    'content-type': 'text/html',
    encoding: 'utf-8',
  });
  assert.deepEqual(html, { 'content-type': 'text/html', data: '<p>a</p>', encoding: 'utf-8' });
  rejects(s, 5);
  rejects(s, { data: 5 });
  rejects(s, { data: 'x', 'content-type': 'not a mime type' }, /content type/);
  assert.equal(serializeValue(s, undefined), null);
});

test('JSONField takes any JSON of the default shape', () => {
  const blocks = f.jsonField('Blocks', '', { default: {} });
  const value = { 'a-1': { '@type': 'slate', value: [{ type: 'p', children: [{ text: 'x' }] }] } };
  roundTrip(blocks, value, value);
  rejects(blocks, ['not', 'an', 'object']);
  rejects(blocks, { bad: Number.POSITIVE_INFINITY });
  assert.deepEqual(serializeValue(f.jsonField('L', '', { default: { items: [] } }), undefined), {
    items: [],
  });
  roundTrip(f.jsonField('Any'), [1, 'two'], [1, 'two']);
});

test('File stores base64 data with size; GET gives the download link', () => {
  const s = f.namedFile('File', 'file', 'File');
  const stored = deserializeValue(s, {
    data: Buffer.from('%PDF-1.1 hello').toString('base64'),
    encoding: 'base64',
    filename: 'file.pdf',
    'content-type': 'application/pdf',
  });
  assert.deepEqual(stored, {
    'content-type': 'application/pdf',
    data: Buffer.from('%PDF-1.1 hello').toString('base64'),
    filename: 'file.pdf',
    size: 14,
  });
  assert.deepEqual(serializeValue(s, stored, { contentUrl: 'http://site/file', fieldName: 'file' }), {
    'content-type': 'application/pdf',
    download: 'http://site/file/@@download/file',
    filename: 'file.pdf',
    size: 14,
  });
  const text = deserializeValue(s, {
    data: 'plain text',
    filename: 'a.txt',
    'content-type': 'text/plain',
  }) as any;
  assert.equal(Buffer.from(text.data, 'base64').toString(), 'plain text');
  rejects(s, { data: '***', encoding: 'base64' }, /base64/);
  rejects(s, { data: 'x', encoding: 'rot13' }, /encoding/);
  rejects(s, { filename: 'no-data.pdf' }, /missing/);
  rejects(s, 'just a string');
  const renamed = deserializeValue(s, { filename: 'renamed.pdf' }, { current: stored }) as any;
  assert.equal(renamed.filename, 'renamed.pdf');
  assert.equal(renamed.data, (stored as any).data);
  assert.equal(serializeValue(s, undefined), null);
});

test('Image reads its pixel size and serializes Plone scales', () => {
  const s = f.namedFile('Image', 'image', 'Image');
  const stored = deserializeValue(s, {
    data: PNG_8x8,
    encoding: 'base64',
    filename: 'image.png',
    'content-type': 'image/png',
  }) as any;
  assert.equal(stored.width, 8);
  assert.equal(stored.height, 8);
  const get = serializeValue(s, stored, ctx) as any;
  // The original's cache-forever URL: field, width, a hash of blob and scale.
  assert.match(get.download, /^http:\/\/site\/doc\/@@images\/image-8-[0-9a-f]{32}\.png$/);
  assert.deepEqual(Object.keys(get).sort(), [
    'content-type',
    'download',
    'filename',
    'height',
    'scales',
    'size',
    'width',
  ]);
  // An 8×8 image is never enlarged: every scale is the original.
  assert.deepEqual(get.scales.icon, { download: get.download, height: 8, width: 8 });
  assert.equal(Object.keys(get.scales).length, 11);
  const fromDataUri = deserializeValue(s, `data:image/png;base64,${PNG_8x8}`) as any;
  assert.equal(fromDataUri['content-type'], 'image/png');
  rejects(s, { data: 'not an image', filename: 'x.txt', 'content-type': 'text/plain' }, /image/);
});

test('imageSize and fitInto match Plone scaling', () => {
  assert.deepEqual(imageSize(Buffer.from(PNG_8x8, 'base64')), { width: 8, height: 8 });
  const gif = Buffer.from('474946383961030005000000', 'hex');
  assert.deepEqual(imageSize(gif), { width: 3, height: 5 });
  assert.deepEqual(imageSize(Buffer.from('<svg width="20" height="10"></svg>')), { width: 20, height: 10 });
  assert.deepEqual(imageSize(Buffer.from('<svg viewBox="0 0 30 15"></svg>')), { width: 30, height: 15 });
  assert.equal(imageSize(Buffer.from('hello')), null);
  // The recorded 215x56 image: mini 200x52, thumb 128x33, tile 64x16, no upscaling.
  const size = { width: 215, height: 56 };
  assert.deepEqual(fitInto(size, { width: 200, height: 65536 }), { width: 200, height: 52 });
  assert.deepEqual(fitInto(size, { width: 128, height: 128 }), { width: 128, height: 33 });
  assert.deepEqual(fitInto(size, { width: 64, height: 64 }), { width: 64, height: 16 });
  assert.deepEqual(fitInto(size, { width: 1200, height: 65536 }), size);
});

test('unknown factories are handled by JSON type', () => {
  const s = (type: FieldSchema['type']): FieldSchema => ({
    type,
    title: 'X',
    description: '',
    factory: 'Exotic',
  });
  assert.equal(fieldTypeFor(s('string')).factory, 'Text');
  roundTrip(s('string'), 'x', 'x');
  rejects(s('string'), 1);
  roundTrip(s('integer'), 3, 3);
  roundTrip(s('boolean'), false, false);
  roundTrip(s('array'), [1, { a: 2 }], [1, { a: 2 }]);
  rejects(s('array'), 'x');
  roundTrip(s('object'), { a: [1] }, { a: [1] });
  rejects(s('object'), [1]);
});

test('null is the missing value for every factory', () => {
  for (const schema of [
    f.textLine('a'),
    f.datetime('b'),
    f.relationList('c'),
    f.namedFile('File', 'd', 'd'),
  ]) {
    assert.equal(deserializeValue(schema, null), null);
    assert.equal(validateValue(schema, null), null);
  }
});

test('clone: a deep copy of JSON values; primitives as they are; "__proto__" stays a plain key', () => {
  const value = { a: [1, 'x', { b: null, c: [true] }], d: 'e' } as const;
  const copy = clone(value as never) as typeof value;
  assert.deepEqual(copy, value);
  assert.notEqual(copy.a, value.a);
  assert.notEqual(copy.a[2], value.a[2]);
  assert.equal(clone('s'), 's');
  assert.equal(clone(null), null);
  const tricky = JSON.parse('{"__proto__": {"polluted": true}, "k": 1}');
  const c = clone(tricky) as Record<string, unknown>;
  assert.equal(Object.getPrototypeOf(c), Object.prototype);
  assert.deepEqual(Object.keys(c), ['__proto__', 'k']);
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
});
