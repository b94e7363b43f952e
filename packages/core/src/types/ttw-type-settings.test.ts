import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultBehaviors } from './behaviors.js';
import {
  applyTypeSettings,
  containedTypesFilter,
  invalidTypeIdReason,
  newTypeDef,
  typeIdFromTitle,
} from './ttw-type-settings.js';

const behaviors = defaultBehaviors();
const known = new Set(['Document', 'Image', 'Folder']);
const fresh = () => newTypeDef({ id: 'recipe', title: 'Recipe', description: '' });

test('type ids from titles are lower-case ASCII with underscores', () => {
  assert.equal(typeIdFromTitle('My Custom Content Type'), 'my_custom_content_type');
  assert.equal(typeIdFromTitle('  Café — Menü! '), 'cafe_menu');
  assert.equal(typeIdFromTitle('x'.repeat(200)).length, 100);
});

test('type ids may have spaces but no path or service syntax', () => {
  assert.equal(invalidTypeIdReason('News Item'), undefined);
  for (const bad of ['', 'a/b', '@types', 'a?b', ' lead', '..', 'x'.repeat(101)])
    assert.ok(invalidTypeIdReason(bad), bad);
});

test('a new type is a container that holds nothing yet, with Dublin Core and name from title', () => {
  const def = fresh();
  assert.equal(def.folderish, true);
  assert.equal(def.globalAllow, true);
  assert.equal(containedTypesFilter(def), 'none');
  assert.deepEqual(def.behaviors, ['plone.dublincore', 'plone.namefromtitle']);
});

test('the contained-types filter and list combine as in plone.app.dexterity', () => {
  let def = applyTypeSettings(fresh(), behaviors, { allowed_content_types: ['Image'] }, known);
  assert.deepEqual(def.allowedContentTypes, ['Image']);
  def = applyTypeSettings(def, behaviors, { filter_content_types: 'all' }, known);
  assert.equal(def.allowedContentTypes, null);
  def = applyTypeSettings(
    def,
    behaviors,
    { filter_content_types: 'some', allowed_content_types: ['Document'] },
    known,
  );
  assert.deepEqual(def.allowedContentTypes, ['Document']);
  def = applyTypeSettings(def, behaviors, { filter_content_types: true }, known);
  assert.deepEqual(def.allowedContentTypes, ['Document'], 'true keeps the list');
  def = applyTypeSettings(def, behaviors, { filter_content_types: 'none' }, known);
  assert.deepEqual(def.allowedContentTypes, []);
});

test('behaviors switch on and off; the input is never changed', () => {
  const before = fresh();
  const def = applyTypeSettings(
    before,
    behaviors,
    { 'plone.richtext': true, 'plone.dublincore': false },
    known,
  );
  assert.deepEqual(def.behaviors, ['plone.namefromtitle', 'plone.richtext']);
  assert.deepEqual(before.behaviors, ['plone.dublincore', 'plone.namefromtitle']);
});

test('bad settings are refused', () => {
  const bad: unknown[] = [
    [],
    { nope: true },
    { 'plone.richtext': 1 },
    { title: '  ' },
    { description: 3 },
    { allowed_content_types: 'Document' },
    { allowed_content_types: ['Nope'] },
    { filter_content_types: 'maybe' },
    { global_allow: 'yes' },
  ];
  for (const body of bad)
    assert.throws(() => applyTypeSettings(fresh(), behaviors, body, known), JSON.stringify(body));
});
