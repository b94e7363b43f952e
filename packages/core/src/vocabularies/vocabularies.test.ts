import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TypeRegistry } from '../content/type-registry.js';
import type { ContentRecord, ReadTx } from '../ports/storage.js';
import { ANONYMOUS } from '../security.js';
import { choice, inlineChoice, sequence } from '../types/field-schemas.js';
import { filterTerms, sortByTitle } from './filter.js';
import type { KeywordSource, TermFilter, VocabularyEnv } from './model.js';
import { findVocabulary, vocabularyNames, vocabularyTermsFor } from './registry.js';
import { fieldSource } from './sources.js';

const env = (keywords: KeywordSource): VocabularyEnv => ({
  tx: {} as ReadTx,
  context: {} as ContentRecord,
  principal: ANONYMOUS,
  types: new TypeRegistry(),
  settings: {},
  keywords,
});

test('Keywords asks the KeywordSource hook with the filter, and sorts its values', async () => {
  const asked: TermFilter[] = [];
  const source: KeywordSource = {
    async keywords(_tx, filter) {
      asked.push(filter);
      return ['zebra', 'Apple', 'mango'];
    },
  };
  const keywords = findVocabulary('plone.app.vocabularies.Keywords')!;
  assert.equal(keywords.permission, 'Modify portal content');
  const terms = await vocabularyTermsFor(keywords, env(source), { title: 'a', limit: 10 });
  assert.deepEqual(asked, [{ title: 'a', limit: 10 }]);
  assert.deepEqual(
    terms.map((t) => t.token),
    ['Apple', 'mango', 'zebra'],
    'the source filtered; the vocabulary trusts it',
  );
});

test('filters and sorting', () => {
  const terms = [
    { token: 'b', title: 'Beta' },
    { token: 'A', title: null },
    { token: 'c', title: 'alpha' },
  ];
  assert.deepEqual(filterTerms(terms, { title: 'ALP' }), [terms[2]]);
  assert.deepEqual(filterTerms(terms, { title: 'a' }), terms, 'untitled terms match on their token');
  assert.deepEqual(filterTerms(terms, { tokens: ['a', 'B'] }), [terms[0], terms[1]]);
  assert.deepEqual(
    sortByTitle([...terms]).map((t) => t.token),
    ['A', 'c', 'b'],
  );
});

test('names are unique and sorted; the static date vocabularies number from 0', async () => {
  const names = vocabularyNames();
  assert.deepEqual(names, [...new Set(names)].sort());
  const weekdays = await findVocabulary('plone.app.vocabularies.WeekdaysShort')!.terms(
    env({ keywords: async () => [] }),
    {
      limit: 10,
    },
  );
  assert.deepEqual(weekdays[0], { token: '0', title: 'Mo' });
});

test('fieldSource: inline choices, named vocabularies, collections, unknown ones', () => {
  const inline = fieldSource(inlineChoice('f', 'F', '', [['x', null]]));
  assert.deepEqual(inline, { kind: 'inline', terms: [{ token: 'x', title: 'x' }] });
  const multi = fieldSource(sequence('Multiple Choice', 'M', '', inlineChoice('m', '', '', [['y', 'Y']])));
  assert.deepEqual(multi, { kind: 'inline', terms: [{ token: 'y', title: 'Y' }] });
  const named = fieldSource(choice('U', '', 'plone.app.vocabularies.Users'));
  assert.equal(named?.kind === 'vocabulary' && named.vocabulary.name, 'plone.app.vocabularies.Users');
  assert.deepEqual(fieldSource(choice('C', '', 'plone.app.vocabularies.Catalog')), {
    kind: 'unknown',
    name: 'plone.app.vocabularies.Catalog',
  });
  assert.equal(fieldSource({ type: 'string', title: 'T', description: '' }), undefined);
});
